"""The kinds of record an emergency access can open, registered by the apps that own them.

The audit app knows nothing of cases or persons: an app says, once, under which name its
records can be opened in an emergency and where to send the user once access is granted::

    register_emergency_subject("case", "backoffice:case_detail", _("case file"))
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class EmergencySubject:
    subject_type: str
    url_name: str
    label: str | Promise


_SUBJECTS: dict[str, EmergencySubject] = {}


def register_emergency_subject(subject_type: str, url_name: str, label: str | Promise) -> None:
    """``url_name`` is reversed with the record's id as its only argument."""
    _SUBJECTS[subject_type] = EmergencySubject(subject_type, url_name, label)


def emergency_subject(subject_type: str) -> EmergencySubject:
    """The registered subject; KeyError for a type nobody registered."""
    return _SUBJECTS[subject_type]


def is_emergency_subject(subject_type: str) -> bool:
    return subject_type in _SUBJECTS
