"""Explanations a student can read (issue 12 §1): the text output of every case of the
rules' case files has no internal code, no file path, no English number."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from cesp.rules import SituationError, evaluate
from cesp.rules.cases import ADAPTERS, load_cases
from cesp.rules.params import all_parameters
from cesp.rules.readable import code_labels, french_number, value_text

CASES = [case for case in load_cases() if "erreur" not in case.expected]

PATHS = re.compile(r"\.md\b|\.ya?ml\b|docs/|parameters/|cesp/|\bseed \d")
ENGLISH_NUMBER = re.compile(r"\d\.\d")
UNGROUPED = re.compile(r"(?<![\d,\u202f/-])\d{5,}(?![\d/-])")


def _text(case) -> str:
    if case.rule == "situation":
        text = evaluate(case.facts).to_text()
        return text.rpartition("\n")[0]  # the last line names the engine's version
    return "\n".join(step.to_text() for step in ADAPTERS[case.rule](case.facts).steps)


def _codes() -> re.Pattern[str]:
    codes = set(code_labels()) | set(all_parameters()) | {"seed"}
    codes |= {name.rpartition(".")[2] for name in all_parameters()}
    codes = {code for code in codes if "_" in code or code[-4:].isdigit() or "." in code}
    codes |= {"voluntary", "death", "incapacity", "maternite", "paternite", "disponibilite"}
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(codes))) + r")(?![\w-])")


CODES = _codes()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_text_has_no_code_and_french_numbers(case):
    try:
        text = _text(case)
    except SituationError:
        pytest.skip("facts refused")
    for label in code_labels().values():  # a label may contain a code's word
        text = text.replace(label, "")
    assert not CODES.search(text), CODES.search(text).group(0)
    assert not PATHS.search(text), PATHS.search(text).group(0)
    for line in text.splitlines():
        assert not ENGLISH_NUMBER.search(line), line
        assert not UNGROUPED.search(line.replace("sha256", "")), line


def test_french_numbers():
    assert french_number(Decimal("0.4000000000")) == "0,40"
    assert value_text(Decimal("5000.00"), "breach.penalty") == "5\u202f000,00 €"
    assert value_text("post2020") == "régime de 2020 (décret n° 2020-268)"
    assert value_text("voluntary") == "rupture à l'initiative du signataire"
    assert value_text(Decimal("24")) == "24"


def test_the_summary_comes_first_and_the_total_cites_its_text():
    data = {
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2016,
        "signature_date": "2017-06-20",
        "as_of": "2024-06-01",
        "events": [
            {"type": "des", "date": "2021-10-15"},
            {"type": "thesis", "date": "2021-12-10"},
            {"type": "practice", "from": "2022-01-01"},
            {"type": "breach", "date": "2024-05-01", "cause": "voluntary"},
        ],
    }
    text = evaluate(data).to_text()
    summary, _, detail = text.partition("Le détail du calcul")
    assert "En bref" in summary and detail
    total_line = next(line for line in summary.splitlines() if "total dû" in line)
    assert "fixé par : Arrêté du 27 juillet 2010" in total_line
