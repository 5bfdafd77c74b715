"""The pack's rules for intervention projects (``jurisdictions/<code>/projects.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import get_language

from openaef.core.packs import get_pack


@dataclass(frozen=True)
class Domain:
    code: str
    labels: dict[str, str]

    @property
    def label(self) -> str:
        return _pick(self.labels)


@dataclass(frozen=True)
class ProjectRules:
    domains: tuple[Domain, ...]
    score_min: int
    score_max: int
    score_labels: dict[int, dict[str, str]]
    validation_by_other_than_author: bool
    validation_roles: tuple[str, ...]
    child_discernment_age: int
    adult_age: int
    evaluation_interval: str
    evaluation_remind_before: str

    def domain(self, code: str) -> Domain | None:
        return next((d for d in self.domains if d.code == code), None)

    def score_label(self, score: int) -> str:
        return _pick(self.score_labels.get(score, {})) or str(score)

    @property
    def domain_codes(self) -> list[str]:
        return [d.code for d in self.domains]


def _pick(labels: dict[str, str]) -> str:
    language = (get_language() or "fr").split("-")[0]
    return labels.get(language) or labels.get("fr") or next(iter(labels.values()), "")


@cache
def project_rules(pack_code: str | None = None) -> ProjectRules:
    data = get_pack(pack_code).read("projects.yaml") or {}
    assessment = data.get("assessment", {})
    scale = assessment.get("scale", {})
    validation = data.get("validation", {})
    signature = data.get("signature", {})
    evaluation = data.get("evaluation", {})
    return ProjectRules(
        domains=tuple(Domain(code=d["code"], labels=dict(d["label"])) for d in assessment.get("domains", [])),
        score_min=int(scale.get("min", 1)),
        score_max=int(scale.get("max", 5)),
        score_labels={int(k): dict(v) for k, v in (scale.get("labels") or {}).items()},
        validation_by_other_than_author=bool(validation.get("by_other_than_author", True)),
        validation_roles=tuple(validation.get("roles", ["office_head"])),
        child_discernment_age=int(signature.get("child_discernment_age", 12)),
        adult_age=int(signature.get("adult_age", 18)),
        evaluation_interval=str(evaluation.get("interval", "months:6")),
        evaluation_remind_before=str(evaluation.get("remind_before", "business_days:10")),
    )
