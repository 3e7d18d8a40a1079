"""The breach what-if: the same facts plus a voluntary breach, then the rules."""

from __future__ import annotations

from datetime import date

from cesp.rules import evaluate
from cesp.rules.whatif import with_breach

SITUATION = {
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": 2018,
    "signature_date": date(2018, 10, 1),
    "events": [
        {"type": "suspension", "from": date(2019, 1, 1), "to": date(2019, 6, 30)},
        {"type": "des", "date": date(2024, 6, 1)},
        {"type": "deferral", "from": date(2024, 11, 1), "to": date(2025, 10, 31)},
    ],
}


def test_open_periods_close_the_day_before_and_later_facts_go() -> None:
    what_if = with_breach(SITUATION, date(2025, 3, 15))
    assert what_if["events"] == [
        {"type": "suspension", "from": date(2019, 1, 1), "to": date(2019, 6, 30)},
        {"type": "des", "date": date(2024, 6, 1)},
        {"type": "deferral", "from": date(2024, 11, 1), "to": date(2025, 3, 14)},
        {"type": "breach", "date": date(2025, 3, 15), "cause": "voluntary"},
    ]
    assert SITUATION["events"][2]["to"] == date(2025, 10, 31)  # the input is kept


def test_facts_on_or_after_the_breach_are_left_out() -> None:
    what_if = with_breach(SITUATION, date(2024, 6, 1))
    assert [e["type"] for e in what_if["events"]] == ["suspension", "breach"]


def test_iso_strings_are_read_as_dates() -> None:
    situation = {**SITUATION, "events": [{"type": "practice", "from": "2025-01-01"}]}
    what_if = with_breach(situation, date(2026, 1, 1))
    assert what_if["events"][0] == {
        "type": "practice",
        "from": "2025-01-01",
        "to": date(2025, 12, 31),
    }


def test_a_situation_with_a_breach_is_returned_unchanged() -> None:
    broken = with_breach(SITUATION, date(2025, 3, 15))
    assert with_breach(broken, date(2025, 6, 1)) is broken


def test_the_rules_compute_the_breach_of_the_what_if() -> None:
    in_studies = {**SITUATION, "events": SITUATION["events"][:1]}
    what_if = with_breach(in_studies, date(2020, 3, 15))
    result = evaluate(what_if, as_of=date(2020, 3, 15)).to_dict(explain=False)
    assert result["status"] == "broken"
    assert result["breach"]["date"] == "2020-03-15"
    assert result["breach"]["cause"] == "voluntary"
