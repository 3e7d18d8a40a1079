"""The CESP regulation as code. No Django import here: pure functions, dated parameters.

Public API: ``evaluate``, ``parse_situation``, ``SituationError``, ``Month``.
"""

from __future__ import annotations

from cesp.rules.errors import SituationError

# ``from … import evaluate`` binds the function over the submodule of the same name.
from cesp.rules.evaluate import ENGINE_VERSION, Evaluation, evaluate
from cesp.rules.months import Month
from cesp.rules.situation import Situation, parse_situation

__all__ = [
    "ENGINE_VERSION",
    "Evaluation",
    "Month",
    "Situation",
    "SituationError",
    "evaluate",
    "parse_situation",
]
