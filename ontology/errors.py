"""One error root, so callers (CLI, API) can turn any PlanAtlas failure into a
clear message without catching unrelated bugs."""

from __future__ import annotations


class PlanAtlasError(Exception):
    """Root of every error PlanAtlas raises on purpose."""


class SchemaError(PlanAtlasError):
    """The ontology data or a graph batch breaks the schema."""


class StoreError(PlanAtlasError):
    """A graph store could not read or write."""


class InputError(PlanAtlasError):
    """A file (or one row of it) cannot be ingested; names the file and row."""

    def __init__(self, path: str, message: str, row: int | None = None) -> None:
        self.path = path
        self.row = row
        self.reason = message
        where = f"{path}, row {row}" if row is not None else path
        super().__init__(f"{where}: {message}")


class StoreUnavailable(StoreError):
    """The store cannot answer now (server down, database locked by another
    writer); the request may succeed later. The API answers 503."""


class NotFound(PlanAtlasError):
    """A node, project, county, chain or block the caller named does not exist.
    The API answers 404; the CLI exits 2."""
