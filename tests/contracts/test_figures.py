"""contracts.figures: the one path from a contract's facts to the rules."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.contracts import figures
from cesp.contracts.enums import EventType
from cesp.contracts.models import Contract
from cesp.rules.errors import SituationError
from tests.factories import ContractEventFactory, ContractFactory, PaymentFactory

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


def test_rows_of_contracts_without_their_facts_equal_the_prefetched_rows(
    django_assert_num_queries,
) -> None:
    """A list page's rows: the facts read in two queries (events, payments), whatever the
    number of contracts, and the same figures, refusals and order as ``rows``."""
    day = dt.date(2026, 11, 24)
    refused = ContractFactory()
    ContractEventFactory(contract=refused, type=EventType.BREACH, date=dt.date(2015, 1, 1))
    corrected = ContractFactory()
    thesis = ContractEventFactory(contract=corrected, thesis=True)
    ContractEventFactory(
        contract=corrected,
        type=EventType.THESIS,
        date=thesis.date.replace(day=2),
        supersedes=thesis,
    )
    paid = ContractFactory()
    PaymentFactory(contract=paid)
    PaymentFactory(contract=paid, sequence=2, month=dt.date(2021, 11, 1))
    bare = ContractFactory()
    order = [paid, refused, bare, corrected]
    prefetched = {c.pk: c for c in Contract.objects.with_facts(rules_only=True)}
    expected = figures.rows([prefetched[c.pk] for c in order], day)
    figures.clear()
    plain = {c.pk: c for c in Contract.objects.all()}
    with django_assert_num_queries(2):
        found = figures.rows_of([plain[c.pk] for c in order], day)
    assert [(r.contract.pk, r.result, r.error) for r in found] == [
        (r.contract.pk, r.result, r.error) for r in expected
    ]
    assert found[1].result is None and found[1].error
    assert found[0].result is not None and found[3].result is not None
