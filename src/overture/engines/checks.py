"""Input checks shared by the engines.

Each check raises the calling engine's own error (a subclass of `EngineInputError`, so a
`ValueError`), naming the argument and the first offending entry, before any work starts:
a NaN, an index out of range or a fraction where a whole number is meant never reaches the
arithmetic, where it would surface as an IndexError or be silently truncated.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sized

import numpy as np

from overture.engines.errors import EngineInputError

__all__ = [
    "MAX_TOTAL",
    "MAX_WHOLE",
    "EngineInputError",
    "bounded_total",
    "finite_array",
    "finite_number",
    "index_in_range",
    "same_length",
    "set_of_int",
    "set_of_str",
    "text_sequence",
    "whole_number",
    "whole_numbers",
]

# Whole numbers beyond 2**62 leave no headroom for int64 sums and differences.
MAX_WHOLE = 2**62
# Totals (seats, capacities, demands) the solvers add up in int64 with room to spare.
MAX_TOTAL = 2**53


Error = type[Exception]


def _show(value) -> str:
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "infinite" if value > 0 else "-infinite"
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{float(value):g}"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    return str(value.item() if isinstance(value, np.generic) else value)


def _at(name: str, array: np.ndarray, mask: np.ndarray) -> str:
    """`name[i, j] is v` for the first entry flagged in `mask`."""
    where = np.unravel_index(int(np.argmax(mask)), mask.shape) if mask.ndim else ()
    index = f"[{', '.join(str(int(i)) for i in where)}]" if where else ""
    return f"{name}{index} is {_show(array[where] if where else array[()])}"


def _range_rule(name: str, low, high) -> str:
    if low is not None and high is not None:
        return f"{name} must lie between {low} and {high}"
    if low is not None:
        return f"{name} must be at least {low}"
    return f"{name} must be at most {high}"


def _numbers(name: str, values, error: Error, ndim: int | None) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise error(f"{name} is a string; {name} must hold numbers")
    try:
        array = np.asarray(values)
    except (ValueError, TypeError):
        raise error(f"{name} must be a regular array of numbers (rows of equal length)") from None
    if array.dtype.kind not in "biuf":
        if array.size == 0:
            array = array.astype(np.float64)
        else:
            raise error(f"{name} must hold numbers, not {array.dtype.name} values")
    if ndim is not None and array.ndim != ndim:
        shape = "×".join(map(str, array.shape)) or "a single value"
        raise error(f"{name} must have {ndim} dimension(s), not shape {shape}")
    return array


def _finite(name: str, array: np.ndarray, error: Error, what: str) -> None:
    if array.dtype.kind == "f" and array.size:
        bad = ~np.isfinite(array)
        if bad.any():
            raise error(f"{_at(name, array, bad)}; {name} must be {what}")


def _in_range(name: str, array: np.ndarray, low, high, error: Error, rule: str | None) -> None:
    if not array.size or (low is None and high is None):
        return
    too_low = low is not None and array.min() < low
    too_high = high is not None and array.max() > high
    if too_low or too_high:
        bad = np.zeros(array.shape, dtype=bool)
        if low is not None:
            bad |= array < low
        if high is not None:
            bad |= array > high
        raise error(f"{_at(name, array, bad)}; {rule or _range_rule(name, low, high)}")


def finite_array(
    name: str,
    values,
    error: Error = EngineInputError,
    *,
    low: float | None = None,
    high: float | None = None,
    ndim: int | None = None,
    rule: str | None = None,
    nan_allowed: bool = False,
) -> np.ndarray:
    """`values` as float64, every entry finite and within [low, high].

    With `nan_allowed`, NaN stands for "no value" and passes; infinities never do.
    """
    array = _numbers(name, values, error, ndim)
    if nan_allowed and array.dtype.kind == "f" and array.size:
        bad = np.isinf(array)
        if bad.any():
            raise error(f"{_at(name, array, bad)}; {name} must be finite numbers (NaN: none)")
        known = array[~np.isnan(array)]
        _in_range(name, known, low, high, error, rule)
        return array.astype(np.float64, copy=False)
    _finite(name, array, error, "finite numbers")
    _in_range(name, array, low, high, error, rule)
    return array.astype(np.float64, copy=False)


def whole_numbers(
    name: str,
    values,
    error: Error = EngineInputError,
    *,
    low: int | None = None,
    high: int | None = None,
    ndim: int | None = None,
    rule: str | None = None,
    dtype=np.int64,
) -> np.ndarray:
    """`values` as integers (int64 unless `dtype`; None keeps an integer type as it is),
    each whole and within [low, high].

    Floats are accepted when they hold whole numbers; 1.5 or NaN is refused, not truncated.
    """
    array = _numbers(name, values, error, ndim)
    if array.dtype.kind == "f" and array.size:
        _finite(name, array, error, "whole numbers")
        fraction = array != np.floor(array)
        if fraction.any():
            raise error(f"{_at(name, array, fraction)}; {name} must be whole numbers")
    if array.size and array.dtype.kind in "uf":
        huge = np.abs(array) > MAX_WHOLE if array.dtype.kind == "f" else array > MAX_WHOLE
        if huge.any():
            raise error(f"{_at(name, array, huge)}; {name} must be at most 2**62 in size")
    _in_range(name, array, low, high, error, rule)
    if dtype is None and array.dtype.kind in "iu":
        return array  # a compact integer type stays compact: no copy of a large array
    return array.astype(dtype or np.int64, copy=False)


def _scalar(name: str, value, error: Error) -> float | int:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise error(f"{name} is {value!r}; {name} must be a number")
    return value


def finite_number(
    name: str,
    value,
    error: Error = EngineInputError,
    *,
    low: float | None = None,
    high: float | None = None,
    rule: str | None = None,
) -> float:
    """One finite number within [low, high], as a float."""
    number = float(_scalar(name, value, error))
    if not math.isfinite(number):
        raise error(f"{name} is {_show(number)}; {name} must be a finite number")
    if (low is not None and number < low) or (high is not None and number > high):
        raise error(f"{name} is {_show(number)}; {rule or _range_rule(name, low, high)}")
    return number


def whole_number(
    name: str,
    value,
    error: Error = EngineInputError,
    *,
    low: int | None = None,
    high: int | None = None,
    rule: str | None = None,
) -> int:
    """One whole number within [low, high], as an int (2.0 is 2; 2.5 is refused)."""
    number = _scalar(name, value, error)
    if isinstance(number, float):
        if not math.isfinite(number) or not number.is_integer():
            raise error(f"{name} is {_show(number)}; {name} must be a whole number")
        number = int(number)
    number = int(number)
    if (low is not None and number < low) or (high is not None and number > high):
        raise error(f"{name} is {number}; {rule or _range_rule(name, low, high)}")
    return number


def index_in_range(name: str, index, size: int, error: Error = EngineInputError) -> int:
    """A position 0 … size − 1; negative positions are refused, not counted from the end."""
    if size <= 0:
        rule = f"there is nothing to index, so no {name} is valid"
        return whole_number(name, index, error, low=0, high=-1, rule=rule)
    rule = f"{name} must be a position from 0 to {size - 1}"
    return whole_number(name, index, error, low=0, high=size - 1, rule=rule)


def _length(value) -> int:
    shape = np.shape(value) if isinstance(value, np.ndarray) else None
    if shape is not None:
        return shape[0] if shape else 1
    return len(value) if isinstance(value, Sized) else 1


def same_length(error: Error = EngineInputError, /, **named) -> int:
    """The common length of the named sequences; the error names the two that differ."""
    items = [(name, _length(value)) for name, value in named.items()]
    first_name, first = items[0]
    for name, length in items[1:]:
        if length != first:
            raise error(
                f"{first_name} has {first} entries and {name} has {length}; they must be as long"
            )
    return first


def set_of_str(name: str, value, error: Error = EngineInputError) -> frozenset[str]:
    """A set of strings; a bare string is refused rather than read as a set of letters."""
    if isinstance(value, (str, bytes)):
        raise error(
            f"{name} is the string {value!r}; {name} must be a set of strings, e.g. {{{value!r}}}"
        )
    if not isinstance(value, Iterable):
        raise error(f"{name} is {value!r}; {name} must be a set of strings")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise error(f"{name} holds {item!r}; {name} must be a set of strings")
    return frozenset(items)


def set_of_int(name: str, value, error: Error = EngineInputError) -> frozenset[int]:
    """A set of whole numbers; a bare string or number is refused."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise error(f"{name} is {value!r}; {name} must be a set of whole numbers")
    items = list(value)
    if not items:
        return frozenset()
    for item in items:
        whole_number(f"an item of {name}", item, error)
    return frozenset(int(item) for item in items)


def text_sequence(name: str, value, error: Error = EngineInputError) -> list:
    """A sequence of texts (None allowed); a bare string is refused rather than read as
    one text per letter."""
    if isinstance(value, (str, bytes)):
        raise error(f"{name} is a single string; {name} must be a list of texts, e.g. [{name}]")
    if not isinstance(value, Iterable):
        raise error(f"{name} is {value!r}; {name} must be a list of texts")
    items = list(value)
    for position, item in enumerate(items):
        if item is not None and not isinstance(item, str):
            raise error(f"{name}[{position}] is {item!r}; {name} must hold texts (or None)")
    return items


def bounded_total(
    name: str, values: np.ndarray, error: Error = EngineInputError, *, limit: int = MAX_TOTAL
) -> int:
    """The sum of non-negative whole `values`, refused when it would pass `limit`."""
    total = float(np.sum(values, dtype=np.float64)) if np.size(values) else 0.0
    if total > limit:
        raise error(f"{name} add up to {total:.3g}; {name} must add up to at most {limit:.3g}")
    return int(np.sum(values, dtype=np.int64)) if np.size(values) else 0
