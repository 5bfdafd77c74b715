"""Loading millions of generated rows fast: COPY on PostgreSQL, executemany on SQLite.

Only for synthetic data (benchmarks, demos): rows bypass the models' save() and services, carry
their own primary keys, and must already hold database-ready values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def next_id(model: type[models.Model]) -> int:
    """The first free primary key (rows are given their ids so that links can be made at once)."""
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return (top or 0) + 1


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    """sqlite3's default date adapters are deprecated: dates become the ISO text Django stores."""
    by_column = {field.column: field for field in model._meta.concrete_fields}
    dated = [i for i, column in enumerate(columns) if isinstance(by_column[column], models.DateField | models.DateTimeField)]
    if not dated:
        return rows
    cache: dict[Any, str | None] = {}

    def converted(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for i in dated:
            value = values[i]
            if value not in cache:
                cache[value] = _iso(value)
            values[i] = cache[value]
        return values

    return (converted(row) for row in rows)


def bulk_insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608 - names come from the models
                _sqlite_rows(model, columns, rows),
            )


def reset_sequence(model: type[models.Model]) -> None:
    """After rows were given explicit ids, PostgreSQL's identity must continue after them."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    top = f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608 - a model's own table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({top}), 1))", [table])
