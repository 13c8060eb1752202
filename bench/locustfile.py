"""Load for the planners' API: search (with and without filters) and
similar. Queries and project ids come from the running server itself."""

from __future__ import annotations

import random

from locust import HttpUser, between, task

QUERIES = ["抽水蓄能电站", "氢能重卡加氢站", "光伏发电及配套储能", "梨果冷链物流", "汾河生态修复", "煤矿智能化改造",
           "景区提档升级", "汽车零部件铸造", "药茶精深加工", "城市更新片区改造", "天然气储气调峰", "高标准农田"]
COUNTIES = ["吉县", "洪洞县", "侯马市", "翼城县", "隰县", None]


class Planner(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        page = self.client.get("/api/projects", params={"limit": 200}, name="/api/projects").json()
        self.project_ids = [p["id"] for p in page["data"]]

    @task(3)
    def search(self) -> None:
        params = {"q": random.choice(QUERIES), "k": 10}
        county = random.choice(COUNTIES)
        if county:
            params["county"] = county
        self.client.get("/api/search", params=params, name="/api/search")

    @task(1)
    def similar(self) -> None:
        pid = random.choice(self.project_ids)
        self.client.get(f"/api/projects/{pid}/similar", params={"k": 10}, name="/api/projects/{id}/similar")
