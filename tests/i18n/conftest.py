import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from .pseudo import PseudoTranslation


@pytest.fixture
def pseudo_locale(monkeypatch):
    """Every translation, in this test and in the requests it makes, comes back as ⟦…⟧.

    The pseudo catalogue stands in for the source language itself, so LocaleMiddleware picks
    it for every request and dates keep their British formats.
    """
    pseudo = PseudoTranslation(settings.LANGUAGE_CODE)
    monkeypatch.setitem(trans_real._translations, settings.LANGUAGE_CODE, pseudo)
    monkeypatch.setattr(trans_real, "_default", pseudo)
    with translation.override(settings.LANGUAGE_CODE):
        yield pseudo
