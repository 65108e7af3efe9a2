"""Query rows as NumPy arrays: integer rows read straight from the cursor, and ids to rows.

Selectors that feed an engine read many small integer rows (participants × practices,
registrations); these helpers turn them into arrays without building a model or a tuple
list per row, and find each id's row in an array of known ids. They hold no domain rule, so
every app may use them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def int_rows(queryset: QuerySet, width: int, batch: int = 100_000) -> np.ndarray:
    """The rows of a values_list of integers as an (n, width) int64 array, in batches."""
    chunks = [np.zeros((0, width), dtype=np.int64)]
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. `__in` an empty list: nothing to read
        return chunks[0]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(batch):
            chunks.append(int_array(rows, width))
    return np.concatenate(chunks)


def int_array(rows: Sequence[tuple], width: int) -> np.ndarray:
    """Rows already read (tuples of integers) as an (n, width) int64 array."""
    return np.array(rows, dtype=np.int64).reshape(-1, width)


def positions(known: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The index of each of `ids` in `known` (any order, no repeats), -1 where absent."""
    ids = np.asarray(ids, dtype=np.int64)
    if known.size == 0:
        return np.full(ids.size, -1, dtype=np.int64)
    order = np.argsort(known, kind="stable")
    ordered = known[order]
    at = np.searchsorted(ordered, ids).clip(0, ordered.size - 1)
    return np.where(ordered[at] == ids, order[at], -1).astype(np.int64)
