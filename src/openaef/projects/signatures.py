"""Who signs a project, and what a signature drawn on screen may contain.

A drawn signature arrives as an SVG path written by the browser (static/.../signature.mjs, or
anything else that posts the form). It is shown back on pages and in the PDF, so it is reduced
to the only things a pen stroke needs: ``M`` (pen down at x y) and ``L`` (line to x y) with
plain numbers. Anything else (arcs, curves, letters, ``url(...)``, markup) is refused rather
than cleaned: a signature that had to be cleaned is not the one the person drew.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.people.models import Person, Relationship

from .models import SignerRole
from .parameters import ProjectRules

# The drawing area's size in the page and in the PDF (viewBox 0 0 WIDTH HEIGHT).
WIDTH = 600
HEIGHT = 200
# A signature is a few hundred points; the cap keeps a forged post from filling the database.
MAX_POINTS = 4000
MAX_LENGTH = 60_000

_NUMBER = r"\d{1,5}(?:\.\d{1,2})?"
_COMMAND = re.compile(rf"\s*([ML])\s*({_NUMBER})[\s,]+({_NUMBER})\s*")


def sanitise_drawing(path: str) -> str:
    """The path rewritten as ``M x y L x y ...`` with numbers inside the drawing area.

    Raises ValidationError({"drawing": ...}) for anything else.
    """
    text = (path or "").strip()
    invalid = ValidationError({"drawing": _("The signature could not be read: clear it and sign again.")})
    if not text or len(text) > MAX_LENGTH:
        raise invalid
    commands: list[str] = []
    position = 0
    while position < len(text):
        match = _COMMAND.match(text, position)
        if match is None:
            raise invalid
        letter, x, y = match.group(1), float(match.group(2)), float(match.group(3))
        if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
            raise invalid
        commands.append(f"{letter}{_short(x)} {_short(y)}")
        position = match.end()
    if not commands[0].startswith("M") or len(commands) > MAX_POINTS:
        raise invalid
    if len(commands) < 2:
        # A single dot is a slip of the finger, not a signature.
        raise ValidationError({"drawing": _("Draw the signature in the box.")})
    return "".join(commands)


def _short(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


# Signers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    person: Person
    role: str  # SignerRole
    required: bool

    @property
    def label(self) -> str:
        return str(SignerRole(self.role).label)


def _authority_holders(case: CaseFile, participants: list[CaseParticipant], on: dt.date) -> dict[int, Relationship]:
    """The case's participants who hold parental authority over, or legally represent, the child
    on ``on`` (people.Relationship records it on the adult's side)."""
    ids = [p.person_id for p in participants if p.person_id != case.child_id]
    if not ids:
        return {}
    links = Relationship.objects.filter(person_id__in=ids, relative_id=case.child_id).filter(
        Q(holds_parental_authority=True) | Q(is_legal_representative=True)
    )
    links = links.filter(Q(until__isnull=True) | Q(until__gte=on)).filter(Q(since__isnull=True) | Q(since__lte=on))
    return {link.person_id: link for link in links.order_by("id")}


def case_signers(case: CaseFile, rules: ProjectRules, *, on: dt.date, participants: list[CaseParticipant]) -> list[Signer]:
    """Everyone who may sign the project on ``on``, each marked required or not.

    Required: the holders of parental authority (or legal representatives) while the child is a
    minor, the child from the pack's age of discernment, the young adult himself. Parental
    authority ends at majority (lu.md, Art. 3: a child is under 18), so a young adult signs alone.
    A younger child may sign too when the coordinator asks for it (``signer_role`` with
    ``allow_younger``), without being required.
    """
    child = case.child
    age = child.age_on(on)
    adult = age is not None and age >= rules.adult_age
    holders = {} if adult else _authority_holders(case, participants, on)
    signers: list[Signer] = []
    for participant in participants:
        person = participant.person
        if person.pk == child.pk:
            continue
        link = holders.get(person.pk)
        if link is not None:
            role = SignerRole.PARENT if link.holds_parental_authority else SignerRole.LEGAL_REPRESENTATIVE
            signers.append(Signer(person, role, required=True))
        elif participant.role in (ParticipantRole.PARENT, ParticipantRole.LEGAL_REPRESENTATIVE) and not adult:
            role = SignerRole.PARENT if participant.role == ParticipantRole.PARENT else SignerRole.LEGAL_REPRESENTATIVE
            signers.append(Signer(person, role, required=False))
    if adult:
        signers.insert(0, Signer(child, SignerRole.YOUNG_ADULT, required=True))
    else:
        discerning = age is not None and age >= rules.child_discernment_age
        signers.insert(0, Signer(child, SignerRole.CHILD, required=discerning))
    return signers


def required_ids(signers: list[Signer]) -> set[int]:
    return {s.person.pk for s in signers if s.required}


def signer_for(signers: list[Signer], person_id: int, *, allow_younger: bool, rules: ProjectRules, on: dt.date) -> Signer:
    """The signer ``person_id`` is, or ValidationError: only the family signs, and a child under
    the age of discernment only when the coordinator says so."""
    signer = next((s for s in signers if s.person.pk == person_id), None)
    if signer is None:
        raise ValidationError({"signer": _("Choose a person of the family who may sign.")})
    if signer.role == SignerRole.CHILD and not signer.required and not allow_younger:
        raise ValidationError(
            {
                "signer": _(
                    "The child is younger than %(age)d: confirm that the child is capable of discernment to let them sign."
                )
                % {"age": rules.child_discernment_age}
            }
        )
    return signer


def all_signed(signers: list[Signer], signed_person_ids: set[int]) -> bool:
    """Every required signer signed; with nobody required (no parent recorded), one signature."""
    needed = required_ids(signers)
    if not needed:
        return bool(signed_person_ids)
    return needed <= signed_person_ids


__all__ = ["Signer", "all_signed", "case_signers", "required_ids", "sanitise_drawing", "signer_for"]
