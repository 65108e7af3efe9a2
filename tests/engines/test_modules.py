"""Every engine module: its worked examples run, and its errors share one base."""

import doctest
import importlib
import inspect
import pkgutil

import pytest

import overture.engines
from overture.engines.errors import EngineError

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(overture.engines.__path__, prefix="overture.engines.")
)


@pytest.mark.parametrize("name", MODULES)
def test_worked_examples_hold(name):
    module = importlib.import_module(name)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags)
    assert result.failed == 0
    if ">>>" in inspect.getsource(module):
        assert result.attempted > 0, f"{name} shows examples that were never run"


def _engine_errors() -> list[type]:
    found = set()
    for name in MODULES:
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__.startswith("overture.engines") and issubclass(value, Exception):
                found.add(value)
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_every_engine_error_is_an_engine_error_and_a_value_error():
    errors = _engine_errors()
    assert len(errors) > 10
    for error in errors:
        assert issubclass(error, EngineError), error
        assert issubclass(error, ValueError), error
