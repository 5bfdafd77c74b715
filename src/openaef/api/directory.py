"""Public, read-only catalogue endpoints: no personal data."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema

from openaef.directory.models import MeasureType

from .api import api

router = Router(tags=["directory"])


class MeasureTypeOut(Schema):
    code: str
    category: str
    name: dict[str, str]
    summary: dict[str, str]
    min_age: int | None
    max_age: int | None
    max_duration_months: int | None
    initial_report_with_family: bool


@router.get("/measure-types", response=list[MeasureTypeOut], auth=None)
def list_measure_types(request: HttpRequest) -> list[MeasureType]:
    return list(MeasureType.objects.for_pack(settings.OPENAEF_PACK))


api.add_router("/directory", router)
