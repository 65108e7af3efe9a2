"""Coding open survey answers to practices, value experiences, the four variables and themes.

Staff ask "What made it worthwhile?" and "What got in the way?"; this engine reads each
answer and gives it codes with a confidence — "people kept shushing me" is
`variable:heterogeneity-conflict`. The caller supplies the code book (its practices with a
few words each; the four variables and the value dimensions have default seed words here).
Before anyone has coded an answer, `bootstrap` trains a first model from the seed words;
once staff have reviewed answers, `fit` trains on them; `held_out_agreement` reports Cohen's
kappa between model and staff on reviewed answers the model did not see. TF-IDF and logistic
regression by default; `EmbeddingCoder` does the same over sentence embeddings (optional
extra). Plain lists in, plain results out: no Django (docs/engines/text_coding.md).

>>> book = default_code_book([
...     Code("practice:applauding", "practice", "Applauding at the right moment", ["clap"]),
... ])
>>> coder = Coder(book, seed=1).bootstrap()         # no reviewed answers yet: seed words
>>> [s.code for s in coder.predict(["A buddy explained when to clap"])[0]]
['variable:participation-access', 'value:knowing-what-to-do', 'practice:applauding']
>>> best = coder.predict(["People kept shushing me when I clapped"], threshold=0, top=1)
>>> best[0][0].code
'variable:heterogeneity-conflict'
>>> coder.predict(["   "])
[[]]
>>> coder.fit(["The man behind us sighed all through it", "Lovely evening"],
...           [{"variable:heterogeneity-conflict"}, set()]).training.reviewed
2
>>> same = Coder.from_bytes(coder.to_bytes())
>>> bool((same.scores(["so moving"]) == coder.scores(["so moving"])).all())
True
>>> agreement([{"value:absorption"}, set()], [{"value:absorption"}, set()], book).mean_kappa
1.0
"""

from __future__ import annotations

from overture.engines.text_coding.agreement import (
    Agreement,
    HeldOutAgreement,
    agreement,
    held_out_agreement,
)
from overture.engines.text_coding.codes import (
    Code,
    CodeBook,
    CodeScore,
    SeedMatcher,
    TextCodingError,
    default_code_book,
    default_themes,
    match_seeds,
)
from overture.engines.text_coding.embeddings import (
    EmbeddingCoder,
    EmbeddingsUnavailable,
    MiniLMEncoder,
    embeddings_available,
)
from overture.engines.text_coding.features import TextEncoder
from overture.engines.text_coding.model import Coder, ModelOutdated, Training, bootstrap
from overture.engines.text_coding.seeds import (
    DEFAULT_THEME_LABELS,
    DEFAULT_THEME_SEEDS,
    DEFAULT_VALUE_LABELS,
    DEFAULT_VALUE_SEEDS,
    DEFAULT_VARIABLE_LABELS,
    DEFAULT_VARIABLE_SEEDS,
)

__all__ = [
    "DEFAULT_THEME_LABELS",
    "DEFAULT_THEME_SEEDS",
    "DEFAULT_VALUE_LABELS",
    "DEFAULT_VALUE_SEEDS",
    "DEFAULT_VARIABLE_LABELS",
    "DEFAULT_VARIABLE_SEEDS",
    "Agreement",
    "Code",
    "CodeBook",
    "CodeScore",
    "Coder",
    "EmbeddingCoder",
    "EmbeddingsUnavailable",
    "HeldOutAgreement",
    "MiniLMEncoder",
    "ModelOutdated",
    "SeedMatcher",
    "TextCodingError",
    "TextEncoder",
    "Training",
    "agreement",
    "bootstrap",
    "default_code_book",
    "default_themes",
    "embeddings_available",
    "held_out_agreement",
    "match_seeds",
]
