"""Fast inserts for the largest demo tables.

`bulk_create` builds a model instance per row, which dominates the time at a million rows.
These helpers write plain tuples instead: `executemany` on SQLite, `COPY` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice

import numpy as np
from django.db import connection
from django.db.models import Model

BATCH = 50_000


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (values in the order of `fields`) into the model's table; returns the count."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    table = quote(meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for batch in _batches(rows, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def db_datetimes(seconds: np.ndarray) -> list:
    """Database values for UTC epoch seconds, prepared once per value rather than per field."""
    if connection.vendor == "sqlite":
        # Django stores aware datetimes on SQLite as naive UTC text: "YYYY-MM-DD HH:MM:SS".
        text = np.datetime_as_string(np.asarray(seconds, dtype="datetime64[s]"))
        return [value.replace("T", " ") for value in text.tolist()]
    return [
        connection.ops.adapt_datetimefield_value(datetime.fromtimestamp(s, UTC))
        for s in np.asarray(seconds).tolist()
    ]


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch
