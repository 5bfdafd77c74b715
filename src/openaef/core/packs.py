"""Jurisdiction packs: what differs between countries is data in src/openaef/jurisdictions/<code>/.

A pack holds ``pack.yaml`` (languages, eligibility, contact lines, texts) and the catalogue
files that ``manage.py load_pack <code>`` writes to the database (measure types, needs,
offices, providers and services, communes). The deployment chooses its pack with the
OPENAEF_PACK setting; the database may hold several packs side by side (demo, tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PACKS_DIR = Path(__file__).resolve().parent.parent / "jurisdictions"


@dataclass(frozen=True)
class Pack:
    code: str
    directory: Path
    config: dict[str, Any]

    @property
    def languages(self) -> list[str]:
        return list(self.config["languages"])

    @property
    def eligibility(self) -> dict[str, Any]:
        return dict(self.config["eligibility"])

    @property
    def country(self) -> str:
        return str(self.config["country"])

    def read(self, name: str) -> Any:
        path = self.directory / name
        if not path.exists():
            return None
        with path.open(encoding="utf-8") as f:
            return yaml.safe_load(f)


def available_packs() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.yaml").exists())


@cache
def get_pack(code: str | None = None) -> Pack:
    code = code or settings.OPENAEF_PACK
    directory = PACKS_DIR / code
    if not (directory / "pack.yaml").exists():
        raise ImproperlyConfigured(f"Unknown jurisdiction pack {code!r}; available: {available_packs()}")
    with (directory / "pack.yaml").open(encoding="utf-8") as f:
        config = yaml.safe_load(f)
    return Pack(code=code, directory=directory, config=config)
