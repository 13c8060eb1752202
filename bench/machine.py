"""This machine and this process: hardware and library versions for the
report, load average (others share the cores), memory, a free port."""

from __future__ import annotations

import os
import platform
import resource
import socket
import subprocess
from pathlib import Path

from bench.results import Machine

VERSIONED = ("torch", "numpy", "sentence_transformers", "usearch", "bm25s")


def machine_info() -> Machine:
    """What the figures were measured on."""
    return Machine(cores=os.cpu_count(), memory_gb=_memory_gb(), cpu=cpu_kind(), python=platform.python_version(),
                   platform=platform.platform(), versions=_versions(), blas=_blas(),
                   openblas_env={k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                                 if k in os.environ})


def _proc_field(path: str, key: str) -> str | None:
    """The value after `key` in a /proc file, None where there is no /proc."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def cpu_name() -> str:
    return _proc_field("/proc/cpuinfo", "model name") or "unknown"


# Instruction sets that move the int8 encoder and SQLite most between the CPUs these runs met
# (docs/benchmarks.md: the int8 encoder is 2x fp32 with AVX2 only, 4x with VNNI).
NAMED_FLAGS = (("amx_int8", "AMX"), ("avx512_vnni", "AVX-512 VNNI"), ("avx_vnni", "AVX-VNNI"), ("avx2", "AVX2"))


def cpu_kind() -> str:
    """The CPU's name with its family and its best vector extension ("AMD EPYC, family 26,
    AVX-512 VNNI"): the model name alone ("AMD EPYC") hid two CPUs twice as far apart as
    any load did, so every run of record is stamped with this."""
    flags = set((_proc_field("/proc/cpuinfo", "flags") or "").split())
    best = next((label for flag, label in NAMED_FLAGS if flag in flags), "no AVX2")
    family = _proc_field("/proc/cpuinfo", "cpu family")
    return ", ".join(x for x in (cpu_name(), f"family {family}" if family else "", best) if x)


def busy_cpu() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat), 0 where there is no /proc: the
    difference over a test, less what our own processes took, is what others took meanwhile."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _memory_gb() -> float | None:
    total = _proc_field("/proc/meminfo", "MemTotal")
    return round(int(total.split()[0]) / 1024 / 1024, 1) if total else None


def _versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for module in VERSIONED:
        try:
            versions[module] = __import__(module).__version__
        except Exception:  # noqa: BLE001 - a missing optional module is just not reported
            versions[module] = None
    return versions


def _blas() -> list[str] | None:
    """The BLAS and OpenMP pools numpy and torch use: they explain thread effects."""
    try:
        from threadpoolctl import threadpool_info  # type: ignore[import-untyped]

        return [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, {i.get('num_threads')} threads)"
                for i in threadpool_info()]
    except Exception:  # noqa: BLE001
        return None


def loadavg() -> list[float]:
    """1, 5 and 15-minute load: how much others were using the cores."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space
    made at exec, whereas ru_maxrss also counts the parent's memory at fork."""
    hwm = _proc_field("/proc/self/status", "VmHWM")
    if hwm:
        return int(hwm.split()[0]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(pid: int) -> float | None:
    """Another process's resident memory now (the API server's), if psutil is there."""
    try:
        import psutil  # type: ignore[import-untyped]

        return round(float(psutil.Process(pid).memory_info().rss) / 1024 / 1024, 1)
    except Exception:  # noqa: BLE001
        return None


def free_port() -> int:
    """A loopback port nobody listens on, for a server of our own."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Ask a server to stop; kill it if it has not within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
