"""Runs the lawyer-readable cases of ``tests/rules/cases/*.yaml`` (French).

Each case has ``nom``, ``oracle`` (a T-number of cesp-rules.md §8 or a text source),
``sources`` (citations the explanation must contain), ``faits`` (a situation in the
interfaces.md §1 format, or the inputs of a secondary rule) and ``attendu`` (the
figures; or ``erreur: <field>`` when the engine must refuse the facts, naming that
field). The rule is ``regle`` on the case or on the file.

Comparisons: a number written with n decimals in ``attendu`` is compared with the
computed value rounded to n decimals (rates such as ``0.463344``); amounts are strings
with two decimals; ``oui``/``non`` are booleans. Each listed source must appear (case
insensitive) in one of the citations of the explanation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cesp.rules.cases import CaseFailure, load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case) -> None:
    try:
        run_case(case)
    except CaseFailure as failure:
        pytest.fail(f"{case.file} — « {case.name} » ({case.oracle}) : {failure}")


def test_every_file_has_cases() -> None:
    files = {case.file for case in CASES}
    on_disk = {path.name for path in (Path(__file__).parent / "cases").glob("*.yaml")}
    assert files == on_disk


def test_oracles_are_named() -> None:
    for case in CASES:
        assert case.oracle, f"{case.id} : oracle manquant"
        assert case.name, f"{case.id} : nom manquant"


def test_every_oracle_t1_to_t50_has_a_case() -> None:
    """Issue 2 §4: every oracle of cesp-rules.md §8 that applies is a case."""
    cited = set()
    for case in CASES:
        cited |= {int(number) for number in re.findall(r"\bT(\d{1,2})\b", case.oracle)}
    assert set(range(1, 51)) - cited == set()
