"""Small descriptive statistics, shared by the analyses (no Django).

SDs are sample SDs (n − 1), as interfaces.md §2 requires; unknown values are left out
before calling these and the ``n`` says how many were used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

DIGITS = 4


def rounded(value: float | None, digits: int = DIGITS) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


def mean_sd(values: Sequence[float]) -> dict[str, Any]:
    """``{"n", "mean", "sd"}``; mean is None for no value, sd None below two values."""
    n = len(values)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None}
    mean = math.fsum(values) / n
    sd = None
    if n > 1:
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    return {"n": n, "mean": rounded(mean), "sd": rounded(sd)}


def share(part: int, whole: int) -> float | None:
    """A fraction in [0, 1], None when nothing to divide by."""
    return None if whole == 0 else rounded(part / whole)


def counts(values: Sequence[str]) -> dict[str, int]:
    """Counts, largest first then alphabetical (stable for reports)."""
    table: dict[str, int] = {}
    for value in values:
        table[value] = table.get(value, 0) + 1
    return dict(sorted(table.items(), key=lambda item: (-item[1], item[0])))
