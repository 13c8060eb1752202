"""The API's response schemas. Lists are wrapped as `data` plus `count`
(the FastAPI template's convention); single resources are the core read
models themselves, renamed `*Public` so `/docs` names what the API returns."""

from __future__ import annotations

from ingest.pipeline import FileResult
from search_api.core import models as m


class Listing(m.ReadModel):
    count: int


class ProjectsPublic(m.Page):
    pass


class ProjectPublic(m.ProjectPage):
    pass


class HitsPublic(Listing):
    query: str
    data: list[m.Hit]


class SimilarPublic(Listing):
    id: str
    data: list[m.Hit]


class DuplicatesPublic(m.DuplicateReport):
    count: int


class CountiesPublic(Listing):
    data: list[m.CountySummary]


class CountyPublic(m.CountyPage):
    pass


class BlocksPublic(Listing):
    data: list[m.BlockSummary]


class BlockPublic(m.BlockPage):
    pass


class IndustriesPublic(Listing):
    data: list[m.IndustrySummary]


class TasksPublic(Listing):
    data: list[m.TaskSummary]


class TaskPublic(m.TaskPage):
    pass


class ChainsPublic(Listing):
    data: list[m.ChainSummary]


class ChainPublic(m.ChainView):
    pass


class PartnersPublic(m.ReadModel):
    subject: m.Subject
    data: list[m.Partner]


class StatsPublic(m.Stats):
    pass


class NodePublic(m.NodeView):
    pass


class NeighbourhoodPublic(m.Neighbourhood):
    pass


class HealthPublic(m.Health):
    pass


class IngestPublic(FileResult):
    pass
