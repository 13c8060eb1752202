"""Typed settings, read from PLANATLAS_* / NEO4J_* environment variables (and
a `.env` file). Library packages (graph/, ingest/) get plain arguments from
here and never read the environment themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.factory import Backend, make_store
from graph.store import GraphStore
from search_api.core.config import CLIENT_CONNECTIONS


class Settings(BaseSettings):
    """Where the store is, which model, limits and secrets; see the README's Configuration table."""

    model_config = SettingsConfigDict(env_prefix="PLANATLAS_", env_file=".env", extra="ignore")

    home: Path = Path("var")
    backend: Backend = Backend.SQLITE
    max_file_mb: int = 20
    embedding_model: str = "var/models/multilingual-e5-small"
    embedding_variant: Literal["int8", "fp32"] = "int8"  # int8 ONNX (fast) or fp32 torch (the reference)
    scoring_config: Path | None = None  # JSON overrides of the scoring numbers (`planatlas eval --write-config`)
    api_token: SecretStr | None = None
    max_client_connections: int = Field(CLIENT_CONNECTIONS, ge=0)  # per client address; 0: no cap
    request_seconds: float = 60.0  # an API read answers 503 past this (its work is left to finish, unheard)
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", validation_alias=AliasChoices("NEO4J_URI", "PLANATLAS_NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "PLANATLAS_NEO4J_USER"))
    neo4j_password: SecretStr = Field(SecretStr(""),
                                      validation_alias=AliasChoices("NEO4J_PASSWORD", "PLANATLAS_NEO4J_PASSWORD"))
    neo4j_database: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "PLANATLAS_NEO4J_DATABASE"))

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


def open_store(settings: Settings) -> GraphStore:
    """The configured store, schema ensured."""
    return make_store(settings.backend, home=settings.home, neo4j_uri=settings.neo4j_uri,
                      neo4j_user=settings.neo4j_user, neo4j_password=settings.neo4j_password.get_secret_value(),
                      neo4j_database=settings.neo4j_database)
