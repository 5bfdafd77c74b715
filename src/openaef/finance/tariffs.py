"""Which tariff applies: a provider's tariff for a measure type and a unit in force on a day is
the one with the latest ``valid_from`` on or before it; a tariff for the measure's own service
wins over the provider's general one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .models import Tariff


def tariff_in_force(*, provider_id: int, service_id: int | None, measure_type_id: int, unit: str, on: dt.date) -> Tariff | None:
    candidates = (
        Tariff.objects.filter(provider_id=provider_id, measure_type_id=measure_type_id, unit=unit, valid_from__lte=on)
        .filter(service_id__in=[service_id] if service_id else [])
        .order_by("-valid_from")
    )
    own = candidates.first() if service_id else None
    if own is not None:
        return own
    return (
        Tariff.objects.filter(
            provider_id=provider_id, service=None, measure_type_id=measure_type_id, unit=unit, valid_from__lte=on
        )
        .order_by("-valid_from")
        .first()
    )


class TariffBook:
    """Every tariff of some providers read at once, for runs over many measures (one query)."""

    def __init__(self, provider_ids: Iterable[int]) -> None:
        self._rows: dict[tuple[int, int | None, int, str], list[Tariff]] = {}
        for tariff in Tariff.objects.filter(provider_id__in=set(provider_ids)).order_by("valid_from"):
            self._rows.setdefault((tariff.provider_id, tariff.service_id, tariff.measure_type_id, tariff.unit), []).append(tariff)

    def find(self, *, provider_id: int, service_id: int | None, measure_type_id: int, unit: str, on: dt.date) -> Tariff | None:
        for key in ((provider_id, service_id, measure_type_id, unit), (provider_id, None, measure_type_id, unit)):
            found = [t for t in self._rows.get(key, []) if t.valid_from <= on]
            if found:
                return found[-1]
        return None
