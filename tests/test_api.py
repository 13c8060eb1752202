"""The API over the real store and model (FastAPI's test client)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from search_api.core.service import PlanAtlas as Services
from search_api.http.app import create_app
from search_api.settings import Settings
from tests.conftest import GUIDANCE


@pytest.fixture(scope="module")
def client(corpus_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(service=corpus_services)) as c:
        yield c


def test_health_and_docs(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["backend"] == "sqlite" and health["model"]["dim"] == 384 and health["projects"] >= 200
    assert client.get("/docs").status_code == 200
    assert "/api/search" in client.get("/openapi.json").json()["paths"]


def test_search_with_filters_and_why(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "吉县抽水蓄能电站", "county": "吉县", "k": 3})
    assert r.status_code == 200
    hits = r.json()["data"]
    assert hits[0]["name"] == "吉县抽水蓄能电站项目" and hits[0]["why"]["shared"]["county"] == ["吉县"]
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "k": 0}).status_code == 422
    assert client.get("/api/search", params={"q": "x", "task": "八"}).json()["detail"] == "invalid parameters"


def test_project_page_similar_and_duplicate_warning(client: TestClient) -> None:
    pid = "project:141028:抽水蓄能电站"
    page = client.get(f"/api/projects/{quote(pid)}").json()
    assert page["county"] == "吉县" and page["block"] == "沿黄" and page["task"]["number"] == 8
    assert any(s.get("sentence") for s in page["sources"])
    assert any(w["b_name"] == "吉乡抽水蓄能电站项目" for w in page["duplicate_warning"])
    similar = client.get(f"/api/projects/{quote(pid)}/similar", params={"k": 5}).json()["data"]
    assert similar[0]["name"] == "吉乡抽水蓄能电站项目"
    assert client.get("/api/projects/project:nope").status_code == 404
    assert client.get("/api/projects/project:nope/similar").status_code == 404


def test_project_list_paging(client: TestClient) -> None:
    first = client.get("/api/projects", params={"limit": 10}).json()
    second = client.get("/api/projects", params={"limit": 10, "offset": 10}).json()
    assert first["count"] >= 200 and len(first["data"]) == 10
    assert {p["id"] for p in first["data"]}.isdisjoint({p["id"] for p in second["data"]})
    ji = client.get("/api/projects", params={"county": "吉县"}).json()
    assert ji["count"] >= 8 and all("吉县" in p["counties"] for p in ji["data"])


def test_duplicates_endpoint(client: TestClient) -> None:
    data = client.get("/api/duplicates", params={"across_counties": True}).json()
    assert data["count"] >= 3 and all(p["a_county"] != p["b_county"] for p in data["pairs"])
    assert client.get("/api/duplicates", params={"min_score": 2}).status_code == 422


def test_places_tasks_chains_partners(client: TestClient) -> None:
    counties = client.get("/api/counties").json()
    assert counties["count"] == 17
    blocks = client.get("/api/blocks").json()
    assert [b["name"] for b in blocks["data"]] == ["沿汾", "沿黄", "沿太岳"]
    listed = client.get("/api/industries").json()["data"]
    industries = {i["name"]: i["projects"] for i in listed}
    assert industries["光伏"] > 0 and len(industries) == 21
    divisions = {i["name"]: i["standard_divisions"] for i in listed}  # the policy layer on GB/T 4754 codes
    assert divisions["光伏"] == ["44"] and divisions["绿色钢铁"] == ["31"] and all(divisions.values())
    hongtong = client.get("/api/counties/洪洞").json()
    assert hongtong["name"] == "洪洞县" and hongtong["block"] == "沿汾" and hongtong["projects"]
    assert any(t["number"] == 8 for t in hongtong["tasks_naming_it"]) and hongtong["partners"]
    pingyao = client.get("/api/counties/平遥县").json()  # another city's county, holding the corpus's 平遥 row
    assert (pingyao["home"], pingyao["city"], len(pingyao["projects"])) == (False, "晋中市", 1)
    assert "介休市" in pingyao["neighbours"]
    assert client.get("/api/counties/不存在县").status_code == 404
    block = client.get("/api/blocks/沿黄").json()
    assert len(block["members"]) == 7 and block["joint_project_candidates"]
    assert client.get("/api/tasks").json()["count"] == 10
    task8 = client.get("/api/tasks/8").json()
    assert task8["title"] == "聚焦能源保供，建设综合能源基地" and task8["projects"]
    assert client.get("/api/tasks/99").status_code == 404
    chains = client.get("/api/chains").json()
    assert chains["count"] >= 5
    hydrogen = client.get("/api/chains/氢能", params={"county": "侯马"}).json()
    assert hydrogen["id"] == "chain:hydrogen" and hydrogen["gaps"]["links_without_projects"]
    assert hydrogen["opportunities"]["county"] == "侯马市"
    partners = client.get("/api/partners", params={"county": "翼城"}).json()
    assert partners["subject"]["name"] == "翼城县" and partners["data"][0]["reasons"]
    assert client.get("/api/partners").status_code == 422


def test_neighborhood(client: TestClient) -> None:
    data = client.get("/api/graph/neighborhood", params={"id": "county:141028", "depth": 1}).json()
    ids = {n["id"] for n in data["nodes"]}
    assert "block:yanhuang" in ids and any(e["type"] == "LOCATED_IN" for e in data["edges"])
    assert client.get("/api/graph/neighborhood", params={"id": "none:x"}).status_code == 404
    assert client.get("/api/graph/neighborhood", params={"id": "county:141028", "depth": 9}).status_code == 422


def test_ingest_needs_token_and_limits(tmp_path: Path, model_path: str) -> None:
    settings = Settings(home=tmp_path, embedding_model=model_path, api_token=SecretStr("s3cret"), max_file_mb=1)
    with TestClient(create_app(settings)) as c:
        body = {"file": ("../../etc/guidance.md", GUIDANCE.read_bytes(), "text/markdown")}
        assert c.post("/api/ingest", files=body).status_code == 401
        assert c.post("/api/ingest", files=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.post("/api/ingest", files=body, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["path"] == "guidance.md" and ok.json()["by_label"]["Task"] == 10
        # the guidance names 10 projects, and up to two more the judge may keep (see test_policy_facts)
        assert c.get("/health").json()["projects"] == ok.json()["by_label"]["Project"] >= 10
        big = {"file": ("big.md", b"a" * (1024 * 1024 + 10), "text/markdown")}
        assert c.post("/api/ingest", files=big, headers={"X-API-Token": "s3cret"}).status_code == 413
        empty = c.post("/api/ingest", files={"file": ("e.md", b"", "text/markdown")}, headers={"X-API-Token": "s3cret"})
        assert empty.status_code == 422 and "empty" in empty.json()["detail"]["error"]
        assert "/tmp" not in empty.text
        exe = c.post("/api/ingest", files={"file": ("x.exe", b"MZ", "application/octet-stream")},
                     headers={"X-API-Token": "s3cret"})
        assert exe.status_code == 415
    no_token = Settings(home=tmp_path / "b", embedding_model=model_path)
    with TestClient(create_app(no_token)) as c:
        assert c.post("/api/ingest", files={"file": ("a.md", b"x", "text/markdown")}).status_code == 403
