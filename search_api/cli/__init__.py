"""The `planatlas` console command. Every subcommand a script might read takes
`--json`; human output goes to the terminal through rich, progress to stderr."""

from __future__ import annotations

from collections.abc import Sequence

from ontology import PlanAtlasError
from search_api.cli.parser import build_parser
from search_api.cli.render import error
from search_api.settings import Settings

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {k: v for k, v in (("backend", args.backend), ("home", args.home)) if v is not None}
    try:
        settings = Settings(**overrides)
        return int(args.func(args, settings))
    except PlanAtlasError as exc:
        error(str(exc))
        return 2
