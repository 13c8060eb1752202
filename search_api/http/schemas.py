"""The API's response schemas. Lists are wrapped as `data` plus `count`
(the FastAPI template's convention); single resources are the core read
models themselves, renamed `*Public` so `/docs` names what the API returns."""

from __future__ import annotations

from typing import Generic, Self, TypeVar

from ingest.pipeline import FileResult
from search_api.core import models as m

Row = TypeVar("Row", bound=m.ReadModel)


class Listing(m.ReadModel, Generic[Row]):
    """A whole list, as `data` plus `count`."""

    data: list[Row]
    count: int

    @classmethod
    def of(cls, rows: list[Row]) -> Self:
        return cls(data=rows, count=len(rows))


class ProjectsPublic(m.Page):
    pass


class ProjectPublic(m.ProjectPage):
    pass


class HitsPublic(Listing[m.Hit]):
    query: str


class SimilarPublic(Listing[m.Hit]):
    id: str


class DuplicatesPublic(m.DuplicateReport):
    count: int


class CountiesPublic(Listing[m.CountySummary]):
    pass


class CountyPublic(m.CountyPage):
    pass


class BlocksPublic(Listing[m.BlockSummary]):
    pass


class BlockPublic(m.BlockPage):
    pass


class IndustriesPublic(Listing[m.IndustrySummary]):
    pass


class TasksPublic(Listing[m.TaskSummary]):
    pass


class TaskPublic(m.TaskPage):
    pass


class ChainsPublic(Listing[m.ChainSummary]):
    pass


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


class ReviewsPublic(Listing[m.ReviewRecord]):
    pass


class ReviewPublic(m.ReviewRecord):
    pass


class LabelsPublic(Listing[m.LabelledPair]):
    pass


class MergesPublic(Listing[m.MergeRecord]):
    pass


class MergePublic(m.MergeRecord):
    pass


class UploadSummaryPublic(m.UploadSummary):
    pass


class WorkbookPublic(m.Workbook):
    pass
