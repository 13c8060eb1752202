"""Which document a file is. A document's id comes from where the file sits
under the folder it was ingested from (`吉县/清单`), or from an upload's name,
so two files called 清单.csv in different folders are two documents. The same
file gets the same id from the CLI (given directly) and from the API (uploaded
under its name). When two inputs would still claim one id — two files in one
batch, or a different file that is still on disk already holds the id — the
later one is stored under a disambiguated id and a warning says so, so nothing
of one file can replace another's facts."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from graph.models import DocumentRecord
from ontology import InputError

UPLOAD_ORIGIN = "upload:"  # the stored source of an API upload: not a path on this machine
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Source:
    """One input file: where to read it, its document id and the origin the
    store records (the absolute path, or `upload:<name>`)."""

    path: Path
    doc_id: str
    origin: str
    warnings: tuple[str, ...] = field(default=())


def doc_id_for(path: Path, root: Path | None = None) -> str:
    """`doc:` + the path relative to `root` (just the name when there is no
    root), without the suffix: moving the corpus folder keeps the ids."""
    return _id_of(PurePosixPath(path.relative_to(root).as_posix() if root is not None else path.name))


def _id_of(rel: PurePosixPath) -> str:
    parts = [*rel.parent.parts, rel.stem] if rel.parent != PurePosixPath(".") else [rel.stem]
    return "doc:" + "/".join(_SPACE.sub("-", part.strip()) for part in parts)


def upload_doc_id(name: str, source: str | None = None) -> str:
    """An upload's id: its relative `source` path when the client gives one
    (to tell apart two lists with one name), else its file name."""
    if not source:
        return _id_of(PurePosixPath(name))
    rel = PurePosixPath(source.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.name:
        raise InputError(name, f"source {source!r} must be a relative path inside the corpus, without '..'")
    return _id_of(rel)


def _hashed(doc_id: str, origin: str) -> str:
    return f"{doc_id}~{hashlib.sha256(origin.encode()).hexdigest()[:8]}"


def plan_sources(paths: list[Path], files_of: dict[Path, list[Path]]) -> list[Source]:
    """Each file with its id; `files_of` maps each given path to the files it
    expands to (a folder: the files under it; a file: itself). A second file
    claiming an id already claimed in this batch is disambiguated, with a warning."""
    claimed: dict[str, Path] = {}
    out: list[Source] = []
    for given in paths:
        root = given if given.is_dir() else None
        for path in files_of.get(given, []):
            doc_id = doc_id_for(path, root)
            origin = str(path.resolve())
            warnings: tuple[str, ...] = ()
            if doc_id in claimed and claimed[doc_id].resolve() != path.resolve():
                first = claimed[doc_id]
                doc_id, warnings = _hashed(doc_id, origin), (
                    f"{path}: {first} in this batch already has document id {doc_id_for(path, root)!r}; "
                    f"stored as {_hashed(doc_id, origin)!r} so neither replaces the other",)
            claimed.setdefault(doc_id, path)
            out.append(Source(path, doc_id, origin, warnings))
    return out


def claim(source: Source, stored: DocumentRecord | None, sha256: str) -> Source:
    """The source itself, or, when its id is held by a different file that is
    still on disk with other content, the source under a disambiguated id.
    A file at its stored origin (an edit), an upload replacing an upload, or
    a file whose old origin is gone (the corpus moved) keeps the id."""
    if stored is None or stored.path == source.origin or stored.path.startswith(UPLOAD_ORIGIN):
        return source
    other = Path(stored.path)
    try:
        if (not other.is_file() or str(other.resolve()) == source.origin  # a store written with relative paths
                or hashlib.sha256(other.read_bytes()).hexdigest() == sha256):
            return source
    except OSError:
        return source
    new_id = _hashed(source.doc_id, source.origin)
    note = (f"{source.path}: document id {source.doc_id!r} belongs to another file ({stored.path}); "
            f"stored as {new_id!r} so neither replaces the other")
    return Source(source.path, new_id, source.origin, (*source.warnings, note))
