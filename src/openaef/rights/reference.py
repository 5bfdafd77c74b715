"""References of file-access requests: the request-for-help format (year, six characters and a
check character, see intake.reference) with their own prefix, so that staff see at a glance
which register a reference belongs to."""

from __future__ import annotations

from openaef.intake import reference as base

PREFIX = "ACC"


def new_reference(year: int) -> str:
    return PREFIX + base.new_reference(year)[len(base.PREFIX) :]
