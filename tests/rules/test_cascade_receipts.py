"""The proven receipts of the offers (choice O7, an addition to interfaces.md §4)."""

from __future__ import annotations

from typing import Any

import pytest

from cesp.rules import cascade
from cesp.rules.errors import SituationError


def run(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "campaign_year": 2025,
        "quota": 1,
        "quota_published": "2026-07-17",
        "principal": ["a"],
        "complementary": ["b"],
        "delivery_days": 2,
    }
    data.update(changes)
    return cascade.replay(cascade.parse_campaign(data)).to_dict()


def test_a_proven_receipt_replaces_the_nominal_delivery() -> None:
    first = run(receipts={"a": "2026-07-25"})["offers"][0]
    assert (first["receipt"], first["deadline"]) == ("2026-07-25", "2026-08-24")
    assert first["ended"] == "2026-08-25"  # lapsed: the next offer leaves that day


def test_without_receipts_the_file_replays_as_before() -> None:
    first = run()["offers"][0]
    assert (first["receipt"], first["deadline"]) == ("2026-07-19", "2026-08-18")


def test_a_signature_within_thirty_days_of_a_late_receipt_is_in_time() -> None:
    result = run(receipts={"a": "2026-07-25"}, answers={"a": {"signed": "2026-08-24"}})
    assert result["offers"][0]["outcome"] == "signed"


def test_a_receipt_before_the_dispatch_is_refused_naming_the_field() -> None:
    with pytest.raises(SituationError) as error:
        run(receipts={"a": "2026-07-16"})
    assert error.value.field == "receipts.a"
    assert "R631-24-5" in error.value.rule


def test_a_receipt_of_a_candidate_never_offered_is_ignored() -> None:
    result = run(receipts={"b": "2020-01-01"}, answers={"a": {"signed": "2026-07-20"}})
    assert result["not_offered"] == ["b"]


@pytest.mark.parametrize("value", [{"a": "32/07/2026"}, ["a"], {"a": None}])
def test_malformed_receipts_are_refused(value: Any) -> None:
    with pytest.raises(SituationError) as error:
        run(receipts=value)
    assert error.value.field.startswith("receipts")
