"""The rules' summary of list rows, memoised per situation (a cache, not a fact).

A list page shows, for each of its 25 contracts, figures the rules compute from the
facts (status, months of allocation, months remaining). The engine is a pure function
of the situation (facts, parameter overrides) and the date: this module keeps, in the
memory of the worker process, the summary (``evaluate(..., explain=False)``) of the
last ``MEMO_SIZE`` situations, **keyed on the whole situation and the date**. A new
event, a correction, a payment or a changed contract fact gives another situation,
hence another key: a memoised figure can never be stale, and nothing is invalidated,
stored in the database or shared between processes (docs/platform.md, Performance).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from cesp.rules.errors import SituationError

from .exports import Row
from .models import Contract
from .situation import situation_for

#: Situations memoised per worker (a summary is ~2 KB: ~20 MB at most).
MEMO_SIZE = 10_000


def situation_key(situation: dict[str, Any], as_of: date) -> str:
    """The canonical text of a situation and a date (the memo's key)."""
    return json.dumps({"situation": situation, "as_of": as_of}, sort_keys=True, default=str)


@lru_cache(maxsize=MEMO_SIZE)
def _summary(key: str) -> dict[str, Any]:
    from cesp.rules.evaluate import evaluate

    data = json.loads(key)
    return evaluate(
        data["situation"], as_of=date.fromisoformat(data["as_of"]), explain=False
    ).to_dict(explain=False)


def summary(situation: dict[str, Any], as_of: date) -> dict[str, Any]:
    """The rules' summary of ``situation`` on ``as_of`` (raises ``SituationError``).
    A copy: callers may not alter the memo."""
    return copy.deepcopy(_summary(situation_key(situation, as_of)))


def summary_rows(contracts: Iterable[Contract], as_of: date) -> list[Row]:
    """Like ``exports.rows_for`` (events and payments prefetched), through the memo."""
    rows = []
    for contract in contracts:
        try:
            rows.append(Row(contract, summary(situation_for(contract, as_of), as_of)))
        except SituationError as exc:
            rows.append(Row(contract, None, str(exc)))
    return rows


def clear() -> None:
    """Forget every memoised summary (tests; never needed for correctness)."""
    _summary.cache_clear()
