"""Situation parsing: bad input is refused with the field, the value and the rule."""

from __future__ import annotations

from datetime import date

import pytest

from cesp.rules import SituationError, parse_situation
from tests.rules.builders import ev, situation


def refused(data) -> SituationError:
    with pytest.raises(SituationError) as caught:
        parse_situation(data)
    error = caught.value
    # The message names the field and carries the rule: never a bare exception.
    assert error.field in str(error) and error.rule in str(error)
    return error


def test_a_valid_situation_parses_dates_from_strings_or_dates():
    parsed = parse_situation(situation(ev("des", date(2027, 10, 15)), ev("thesis", "2027-12-10")))
    assert parsed.signature_date == date(2022, 6, 20)
    assert [e.type for e in parsed.events] == ["des", "thesis"]
    assert parsed.regime == "auto"


def test_impossible_date_names_the_field():
    error = refused(situation(ev("suspension", "2023-03-01", to="2023-02-30")))
    assert error.field == "events[0].to"
    assert error.value == "2023-02-30"
    assert "date impossible" in error.message


def test_unknown_event_type():
    error = refused(situation(ev("holiday", "2023-03-01")))
    assert error.field == "events[0].type"
    assert "inconnu" in error.message


def test_unknown_keys_are_refused_at_both_levels():
    assert refused({**situation(), "colour": "blue"}).field == "colour"
    assert refused(situation(ev("des", "2027-10-15", mention="bien"))).field == "events[0].mention"


@pytest.mark.parametrize("share", [1.5, -0.1, "beaucoup", True])
def test_zone_share_outside_0_1(share):
    error = refused(situation(ev("practice", "2029-01-01", zone_share=share)))
    assert error.field == "events[0].zone_share"


def test_from_after_to():
    error = refused(situation(ev("deferral", "2028-12-31", to="2028-01-01")))
    assert error.field == "events[0].to"


def test_overlapping_suspensions():
    error = refused(
        situation(
            ev("suspension", "2023-03-01", to="2023-06-30", reason="maternite"),
            ev("suspension", "2023-05-01", to="2023-08-31", reason="maladie"),
        )
    )
    assert error.field == "events[1].from"
    assert "chevauche" in error.message


def test_thesis_before_signature():
    error = refused(situation(ev("thesis", "2020-01-10")))
    assert error.field == "events[0].date"
    assert "signature" in error.message


def test_events_after_the_breach():
    error = refused(
        situation(
            ev("breach", "2023-01-10", cause="voluntary"),
            ev("suspension", "2023-03-01", to="2023-06-30"),
        )
    )
    assert error.field == "events[1].from"


def test_breach_cause_must_be_in_the_list():
    error = refused(situation(ev("breach", "2023-01-10", cause="boredom")))
    assert error.field == "events[0].cause"
    assert "voluntary" in error.message


def test_third_cycle_request_needs_an_internship_start_before_it():
    assert (
        refused(situation(ev("third_cycle_suspension_request", "2024-11-20"))).field
        == "events[0].date"
    )
    error = refused(
        situation(
            ev("internship_start", "2024-11-02"), ev("third_cycle_suspension_request", "2024-10-20")
        )
    )
    assert error.field == "events[1].date"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("profession", "plombier"),
        ("category", "fourth_cycle"),
        ("campaign_year", "vingt"),
        ("campaign_year", True),
        ("signature_date", "2022-13-01"),
        ("regime", "pre1900"),
        ("as_of", "demain"),
    ],
)
def test_top_level_fields(field, value):
    assert refused({**situation(), field: value}).field == field


def test_missing_required_field():
    data = situation()
    del data["signature_date"]
    assert refused(data).field == "signature_date"


def test_padhue_category_goes_with_padhue_professions():
    assert refused(situation(category="padhue")).field == "category"
    assert refused(situation(profession="padhue_medecine")).field == "category"


def test_payments_and_overrides_are_checked():
    assert (
        refused(situation(payments=[{"month": "2022-13", "net": "1"}])).field == "payments[0].month"
    )
    assert (
        refused(situation(payments=[{"month": "2022-01", "net": "1.001"}])).field
        == "payments[0].net"
    )
    assert refused(situation(overrides={"nope.nope": 1})).field == "overrides.nope.nope"
    assert (
        refused(situation(overrides={"allocation.csg_rate": 3})).field
        == "overrides.allocation.csg_rate"
    )
    parsed = parse_situation(situation(overrides={"allocation.gross_monthly_amount": "1500"}))
    assert parsed.overrides_dict["allocation.gross_monthly_amount"] == 1500


def test_error_to_dict_is_json_safe():
    error = refused(situation(ev("suspension", "2023-03-01", to="2023-02-30")))
    assert error.to_dict()["field"] == "events[0].to"
    assert error.to_dict()["value"] == "2023-02-30"


@pytest.mark.parametrize("written", ["20230101", "2023-W01-1", "01/02/2023", "2023-1-5"])
def test_only_extended_iso_dates_are_accepted(written):
    """Strict input (reliability.md): AAAA-MM-JJ only, not the other ISO 8601 forms."""
    assert refused(situation(ev("thesis", written))).field == "events[0].date"


def test_signature_before_the_campaign_year_is_refused_by_name():
    """A contract is signed after the selection of its campaign (arrêté du 27 juillet 2010,
    art. 1 et 3): campaign 2040-2041 with a 2022 signature is a typo, not a contract."""
    with pytest.raises(SituationError) as error:
        parse_situation(
            {
                "profession": "medecine",
                "category": "second_cycle",
                "campaign_year": 2040,
                "signature_date": "2022-06-20",
            }
        )
    assert error.value.field == "signature_date"
    assert "2040-2041" in error.value.message
    # The usual case: campaign 2021-2022, signed in June 2022 (interfaces.md §1 example).
    parse_situation(
        {
            "profession": "medecine",
            "category": "second_cycle",
            "campaign_year": 2021,
            "signature_date": "2022-06-20",
        }
    )


def test_order_errors_name_events_and_dates_in_french():
    """What a person reads beside a field: no event code, no ISO date."""
    with pytest.raises(SituationError) as refused:
        parse_situation(
            {
                "profession": "medecine",
                "category": "second_cycle",
                "campaign_year": 2021,
                "signature_date": "2022-06-20",
                "events": [{"type": "thesis", "date": "2019-01-01"}],
            }
        )
    assert refused.value.message == (
        "La thèse ne peut précéder la signature du contrat (20/06/2022)"
    )
