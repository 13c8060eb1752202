"""The user-facing layer: settings, embeddings, search, duplicates, the CLI
and the FastAPI app with the planners' web UI."""
