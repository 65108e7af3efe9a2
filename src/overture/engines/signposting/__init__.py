"""Signposting: which activities fit which participant, how well, and why.

For every participant–activity pair the engine gives a fit category (good first step, right
for you, stretch, prepare first), a score (higher is better) and, for the pairs shown, reasons
in plain words per practice. `recommend` picks each participant's k best upcoming activities,
varied across formats and weeks, for audiences of millions. Plain arrays in, plain arrays out:
no Django here (docs/engines/signposting.md has the maths and the guarantees).

Worked example — Sam is new to everything; two activities involve "Listening in silence"
(column 0) and "Singing in a choir" (column 1):

>>> import numpy as np
>>> acts = Activities(
...     required=[[0, -1], [1, 1]],        # a relaxed performance; a come-and-sing
...     strictness=[[0.05, 0.0], [0.2, 0.3]],
...     scale=[0.5, 0.75], starts_at=[100, 200], places_left=[40, 0],
... )
>>> sam = [[-1, 0]]                       # listening not known yet, never sung
>>> result = assess(sam, acts, [0, 0], [0, 1])
>>> [Fit(f).label for f in result.fit], result.score.tolist()
(['Good first step', 'Good first step'], [0.94921875, -1.0])
>>> recommend(sam, acts, now=0).for_participant(0)  # the come-and-sing is full
[Recommendation(activity=0, fit=<Fit.GOOD_FIRST_STEP: 2>, score=0.94921875)]
>>> texts = ReasonTexts(["Listening in silence", "Singing in a choir"])
>>> [r.text for r in explain(sam, acts, 0, 0, texts).reasons]
["Listening in silence: we don't know yet whether you've done this — newcomers welcome"]
"""

from __future__ import annotations

from overture.engines.signposting.fit import (
    UNITS,
    UNKNOWN,
    Activities,
    Assessment,
    Fit,
    Registrations,
    SignpostingError,
    assess,
)
from overture.engines.signposting.ranking import Recommendation, Recommendations, recommend
from overture.engines.signposting.reasons import (
    GENERIC_TEMPLATES,
    SITUATIONS,
    Explainer,
    Explanation,
    Reason,
    ReasonTexts,
    explain,
)

__all__ = [
    "GENERIC_TEMPLATES",
    "SITUATIONS",
    "UNITS",
    "UNKNOWN",
    "Activities",
    "Assessment",
    "Explainer",
    "Explanation",
    "Fit",
    "Reason",
    "ReasonTexts",
    "Recommendation",
    "Recommendations",
    "Registrations",
    "SignpostingError",
    "assess",
    "explain",
    "recommend",
]
