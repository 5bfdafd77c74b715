"""Reading judicial decisions, hearings and remedies. Every read of a case's records starts from
a ``CaseAccess`` (``cases.selectors.get_case_for``): a record of another case is "not found".

``decisions_of`` is a contract other apps rely on (placements choose their legal basis and a
return home's decision from it): keep its name and meaning.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from openaef.cases.models import CaseFile
from openaef.cases.selectors import CaseAccess
from openaef.directory.models import MeasureType
from openaef.measures.models import Measure
from openaef.people.models import Person

from .models import Hearing, JudicialDecision, LegalRemedy, OrderedMeasure


def decisions_of(case: CaseFile) -> list[JudicialDecision]:
    """The case's judicial decisions, newest first (by the day they were made)."""
    return list(JudicialDecision.objects.filter(case=case).order_by("-decided_on", "-id"))


def _ordered() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "ordered_measures",
        queryset=OrderedMeasure.objects.select_related("measure_type", "measure").order_by("id"),
    )


def court_decisions(case: CaseFile) -> list[JudicialDecision]:
    """The decisions with their ordered measures and remedies: three queries however many."""
    remedies = LegalRemedy.objects.select_related("lodged_by_person").order_by("-lodged_on", "-id")
    return list(
        JudicialDecision.objects.filter(case=case)
        .prefetch_related(_ordered(), Prefetch("remedies", queryset=remedies))
        .order_by("-decided_on", "-id")
    )


def court_hearings(case: CaseFile) -> list[Hearing]:
    """The case's hearings, latest first."""
    return list(Hearing.objects.filter(case=case).select_related("decision").order_by("-at", "-id"))


def get_decision_for(access: CaseAccess, decision_pk: int) -> JudicialDecision:
    """The case's decision, or 404 (also for a decision of another case)."""
    decision = JudicialDecision.objects.filter(case=access.case, pk=decision_pk).select_related("created_by").first()
    if decision is None:
        raise Http404
    return decision


def decision_ordered_measures(decision: JudicialDecision) -> list[OrderedMeasure]:
    return list(decision.ordered_measures.select_related("measure_type", "measure__measure_type").order_by("id"))


def decision_remedies(decision: JudicialDecision) -> list[LegalRemedy]:
    return list(decision.remedies.select_related("lodged_by_person").order_by("-lodged_on", "-id"))


def get_ordered_measure_for(decision: JudicialDecision, pk: int) -> OrderedMeasure:
    ordered = OrderedMeasure.objects.filter(decision=decision, pk=pk).first()
    if ordered is None:
        raise Http404
    return ordered


def get_remedy_for(decision: JudicialDecision, pk: int) -> LegalRemedy:
    remedy = LegalRemedy.objects.filter(decision=decision, pk=pk).select_related("lodged_by_person").first()
    if remedy is None:
        raise Http404
    return remedy


def get_hearing_for(access: CaseAccess, pk: int) -> Hearing:
    hearing = Hearing.objects.filter(case=access.case, pk=pk).select_related("decision").first()
    if hearing is None:
        raise Http404
    return hearing


def measure_types_for_orders(pack: str) -> list[MeasureType]:
    """The pack's measure types a decision may order."""
    return list(MeasureType.objects.filter(pack=pack).order_by("position", "code"))


def case_measures_for_link(case: CaseFile) -> list[Measure]:
    """The case's measures an ordered measure may be linked to."""
    return list(Measure.objects.filter(case=case).select_related("measure_type").order_by("-created_at", "-id"))


def case_people(case: CaseFile) -> list[Person]:
    """The persons of the case (the child first) who may lodge a remedy."""
    ids = [case.child_id, *case.participants.order_by("position", "id").values_list("person_id", flat=True)]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return [people[i] for i in dict.fromkeys(ids) if i in people]
