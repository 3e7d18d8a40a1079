"""The CESP regulation as code. No Django import here: pure functions, dated parameters.

Public API: ``evaluate``, ``parse_situation``, ``SituationError``, ``Month``.
"""

from __future__ import annotations

from typing import Any

from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.situation import Situation, parse_situation

__all__ = ["Month", "Situation", "SituationError", "evaluate", "parse_situation"]


def __getattr__(name: str) -> Any:
    # ``evaluate`` imports every rule module: loaded on first use.
    if name == "evaluate":
        from cesp.rules.evaluate import evaluate

        return evaluate
    raise AttributeError(name)
