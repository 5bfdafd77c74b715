"""Indexes for the case lists, the workload and the search, found by reading the plans over
1,000,000 cases and 1,000,000 persons on PostgreSQL (the numbers are from that run).

- ``case_office_opened`` (office, opened_on, id): an office's cases still being worked on are
  several statuses at once; with ``case_office`` (office, status, ...) PostgreSQL read every
  open case of the office and sorted them (33,000 rows, 165 ms). Walking this index newest
  first and skipping closed cases stops after one page (under 1 ms).
- ``case_office_load`` (office, status, coordinator_id): the workload counts an office's open
  cases by coordinator and status from the index alone, without reading the table (171 ms cold
  before, a few ms after).
- Trigram indexes on the persons' folded names (PostgreSQL only): the search finds a case by
  any part of the name of anyone in it; without them every person was read (270 ms). These
  belong to the people app's table and can move to its migrations; ``IF NOT EXISTS`` keeps the
  two from clashing.

Raw SQL rather than ``AddIndex``: the model's Meta is not this migration's to change. SQLite,
the demo's database, gets the two B-tree indexes and keeps plain scans for the names.
"""

from django.db import migrations

BTREE = [
    ("case_office_opened", "cases_casefile", "(office_id, opened_on, id)"),
    ("case_office_load", "cases_casefile", "(office_id, status, coordinator_id)"),
]
TRIGRAM = [
    ("person_surname_trgm", "people_person", "surname_folded"),
    ("person_first_names_trgm", "people_person", "first_names_folded"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name, table, columns in BTREE:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}")
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    names = [name for name, _table, _columns in BTREE]
    if schema_editor.connection.vendor == "postgresql":
        names += [name for name, _table, _column in TRIGRAM]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial"), ("people", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
