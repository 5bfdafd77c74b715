from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openaef.core.packs import available_packs


class Command(BaseCommand):
    help = "Loads or updates a jurisdiction pack's catalogue (measure types, offices, providers, communes). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack", choices=available_packs() or None)

    def handle(self, *args: Any, pack: str, **options: Any) -> None:
        from openaef.directory.loading import pack_load

        report = pack_load(pack)
        self.stdout.write(self.style.SUCCESS(f"Pack {pack} loaded."))
        for line in report.lines():
            self.stdout.write(f"  {line}")
