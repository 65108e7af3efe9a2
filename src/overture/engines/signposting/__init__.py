"""Signposting: which activities fit which participant, how well, and why.

For every participant–activity pair the engine gives a fit category (good first step, right
for you, stretch, prepare first), a score (higher is better) and, for the pairs shown, reasons
per practice as codes with parameters, which the apps put into words. `recommend` picks each
participant's k best upcoming activities, varied across formats and weeks, for audiences of
millions. Plain arrays in, plain arrays out: no Django here (docs/engines/signposting.md has
the maths and the guarantees).

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
>>> [Fit(f).name for f in result.fit], result.score.tolist()
(['GOOD_FIRST_STEP', 'GOOD_FIRST_STEP'], [0.94921875, -1.0])
>>> recommend(sam, acts, now=0).for_participant(0)  # the come-and-sing is full
[Recommendation(activity=0, fit=<Fit.GOOD_FIRST_STEP: 2>, score=0.94921875)]
>>> [(r.practice, r.code) for r in explain(sam, acts, 0, 0).reasons]
[(0, 'unknown_open')]
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
    SITUATIONS,
    Explainer,
    Explanation,
    Reason,
    explain,
)

__all__ = [
    "SITUATIONS",
    "UNITS",
    "UNKNOWN",
    "Activities",
    "Assessment",
    "Explainer",
    "Explanation",
    "Fit",
    "Reason",
    "Recommendation",
    "Recommendations",
    "Registrations",
    "SignpostingError",
    "assess",
    "explain",
    "recommend",
]
