"""contracts.figures: the one path from a contract's facts to the rules."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.contracts import figures
from cesp.contracts.enums import EventType
from cesp.contracts.models import Contract
from cesp.rules.errors import SituationError
from tests.factories import ContractEventFactory, ContractFactory

pytestmark = pytest.mark.django_db


def _fresh(contract: Contract) -> Contract:
    return Contract.objects.with_facts().get(pk=contract.pk)


def test_regime_follows_the_signature_date_and_the_recorded_override() -> None:
    assert figures.regime(ContractFactory()) == "post2020"
    assert figures.regime(ContractFactory(pre2020=True)) == "pre2020"
    assert figures.regime(ContractFactory(regime_override="pre2020")) == "pre2020"


def test_regime_refused_by_the_rules_is_an_error_not_a_guess() -> None:
    pharmacy = ContractFactory(profession="pharmacie", regime_override="pre2020")
    with pytest.raises(SituationError):
        figures.regime(pharmacy)


def test_current_place_is_the_latest_decision_in_force_on_the_date() -> None:
    contract = ContractFactory()
    first = ContractEventFactory(
        contract=contract,
        type=EventType.INSTALLATION_DECISION,
        date=dt.date(2029, 1, 1),
        commune_code="34172",
    )
    ContractEventFactory(
        contract=contract,
        type=EventType.CHANGE_OF_PLACE,
        date=dt.date(2030, 6, 1),
        commune_code="12202",
    )
    place = figures.current_place(_fresh(contract), dt.date(2030, 1, 1))
    assert (place.commune_code, place.since) == ("34172", dt.date(2029, 1, 1))
    assert figures.current_place(_fresh(contract), dt.date(2031, 1, 1)).commune_code == "12202"
    assert figures.current_place(_fresh(contract), dt.date(2028, 1, 1)) is None
    # the same, for a whole queryset in one query
    places = figures.current_places(Contract.objects.filter(pk=contract.pk), dt.date(2031, 1, 1))
    assert places[contract.pk].commune_code == "12202"
    # a cancelled decision no longer places the signatory
    ContractEventFactory(
        contract=contract, type=EventType.CANCELLATION, date=None, supersedes=first
    )
    assert figures.current_place(_fresh(contract), dt.date(2030, 1, 1)) is None


def test_milestones_read_the_events_in_force() -> None:
    contract = ContractFactory()
    ContractEventFactory(contract=contract, thesis=True)
    ContractEventFactory(contract=contract, practice=True, commune_code="34172")
    path = figures.milestones(_fresh(contract))
    assert path.thesis_date == dt.date(2027, 12, 10)
    assert path.des_date is None
    assert (path.installation_date, path.installation_commune) == (dt.date(2029, 1, 1), "34172")
    assert path.breach_date is None and path.breach_cause == ""


def test_rows_report_a_refusal_beside_the_contract() -> None:
    contract = ContractFactory()
    ContractEventFactory(contract=contract, type=EventType.BREACH, date=dt.date(2015, 1, 1))
    (row,) = figures.rows([_fresh(contract)], dt.date(2026, 11, 24))
    assert row.result is None and row.error and row.status == ""
