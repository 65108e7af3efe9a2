import pytest

from .pseudo import pseudo_translations


@pytest.fixture
def pseudo_locale():
    """Pages and strings in this test come back as ⟦…⟧ where they were translated."""
    with pseudo_translations() as pseudo:
        yield pseudo
