"""The decision records the contract event — and only it: filing, opinions and refusals
record none. The decision is an archived document, notified to the signatory."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.contracts import figures
from cesp.contracts.models import ContractEvent
from cesp.core.documents.models import Document
from cesp.core.notifications.models import Message
from cesp.core.workflow.engine import TransitionRefused
from cesp.requests import services
from cesp.requests.enums import EVENT_OF_KIND, ProofKind, State

from . import factories

pytestmark = pytest.mark.django_db


def file_deferral(contract, end=dt.date(2027, 5, 31)):
    return services.file_request(
        contract.signatory,
        contract,
        "deferral",
        {"start": dt.date(2026, 12, 1), "end": end, "motive": "Post-internat de gériatrie"},
        [(ProofKind.SUPPORTING, factories.proof())],
    )


def test_deferral_opinion_then_decision_records_one_event(orgs, body):
    contract = factories.graduate_contract(orgs["ufr"])
    before = ContractEvent.objects.filter(contract=contract).count()
    request = file_deferral(contract)
    assert request.state == State.AWAITING_OPINION
    services.give_opinion(body["ufr"], request, True, "Post-internat utile à la région.")
    request.refresh_from_db()
    assert request.state == State.TO_DECIDE
    assert ContractEvent.objects.filter(contract=contract).count() == before
    assert not any(d["kind"] == "deferral_end" for d in figures.deadline_items(contract))

    decided = services.decide(body["ars"], request, True, "Projet justifié (R632-74).")

    assert decided.state == State.GRANTED
    assert ContractEvent.objects.filter(contract=contract).count() == before + 1
    assert decided.event.type == EVENT_OF_KIND["deferral"]
    assert (decided.event.start, decided.event.end) == (dt.date(2026, 12, 1), dt.date(2027, 5, 31))
    contract.refresh_from_db()
    ends = [d for d in figures.deadline_items(contract) if d["kind"] == "deferral_end"]
    assert ends and ends[0]["date"] == dt.date(2027, 5, 31)
    document = Document.objects.get(pk=decided.decision_document_id)
    assert document.kind == "request_decision" and document.content.startswith(b"%PDF")
    message = Message.objects.get(kind="request_decided", recipient=contract.signatory)
    assert "recours" in message.body and "02/02/2027" in message.body


def test_refusal_records_no_event_but_a_notified_decision(orgs, body):
    contract = factories.graduate_contract(orgs["ufr"])
    request = file_deferral(contract)
    services.give_opinion(body["ufr"], request, False, "Projet non justifié.")
    before = ContractEvent.objects.filter(contract=contract).count()
    decided = services.decide(body["ars"], request, False, "Aucun post-internat prévu.")
    assert decided.state == State.REFUSED and decided.event is None
    assert ContractEvent.objects.filter(contract=contract).count() == before
    assert decided.decision_document_id is not None
    assert Message.objects.filter(kind="request_decided").count() == 1


def test_filing_acknowledged_and_opinion_requested(orgs, body):
    contract = factories.graduate_contract(orgs["ufr"])
    file_deferral(contract)
    assert Message.objects.filter(kind="request_filed", recipient=contract.signatory).exists()
    assert Message.objects.filter(kind="request_opinion_ufr", recipient=body["ufr"]).exists()


@pytest.mark.parametrize(
    ("kind", "make", "data", "decider"),
    [
        (
            "studies_suspension",
            lambda orgs: factories.intern_contract(orgs["ufr"], dt.date(2025, 11, 3)),
            {"ground": "maternite", "start": dt.date(2027, 1, 1), "end": dt.date(2027, 4, 30)},
            "national",
        ),
        (
            "third_cycle_suspension",
            lambda orgs: factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 2)),
            {},
            "national",
        ),
        (
            "practice_suspension",
            lambda orgs: factories.practising_contract(orgs["ufr"]),
            {"start": dt.date(2027, 2, 1), "end": dt.date(2027, 7, 31)},
            "ars",
        ),
        (
            "change_of_place",
            lambda orgs: factories.practising_contract(orgs["ufr"]),
            {"commune_code": "12202", "start": dt.date(2027, 3, 1)},
            "ars",
        ),
    ],
)
def test_each_granted_kind_records_its_event(orgs, body, kind, make, data, decider):
    contract = make(orgs)
    request = services.file_request(
        contract.signatory, contract, kind, data, [(ProofKind.SUPPORTING, factories.proof())]
    )
    assert request.state == State.TO_DECIDE
    before = set(ContractEvent.objects.filter(contract=contract).values_list("pk", flat=True))
    decided = services.decide(body[decider], request, True, "Conditions remplies.")
    added = ContractEvent.objects.filter(contract=contract).exclude(pk__in=before)
    assert [event.type for event in added] == [EVENT_OF_KIND[kind]]
    assert decided.event == added.get()


def test_third_cycle_suspension_takes_effect_on_1_january(orgs, body):
    contract = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 2))
    request = services.file_request(contract.signatory, contract, "third_cycle_suspension", {})
    assert services.deadline_of(request)[0] == dt.date(2027, 1, 1)
    decided = services.decide(body["national"], request, True, "Demande dans le délai.")
    assert decided.event.date == dt.date(2026, 12, 2)  # the request's date: day 30


def test_a_decision_the_contract_refuses_writes_nothing(orgs, body):
    """The contract's rules check the event: a deferral overlapping practice is refused,
    and neither the state, nor a document, nor an event is kept."""
    contract = factories.graduate_contract(orgs["ufr"])
    request = file_deferral(contract)
    services.give_opinion(body["ufr"], request, True, "Favorable.")
    factories.ContractEventFactory(
        contract=contract, type="practice", date=None, start=dt.date(2026, 11, 25)
    )
    documents = Document.objects.count()
    with pytest.raises(TransitionRefused):
        services.decide(body["ars"], request, True, "Accordé.")
    request.refresh_from_db()
    assert request.state == State.TO_DECIDE and request.event is None
    assert Document.objects.count() == documents


class _Rollback(Exception):
    """Undo one example's writes (the fixtures' bodies stay)."""


ACTIONS = st.lists(
    st.sampled_from(
        [
            ("opinion", "ufr"),
            ("opinion", "ars"),
            ("grant", "ars"),
            ("grant", "ufr"),
            ("refuse", "ars"),
            ("withdraw", "signatory"),
            ("withdraw", "ars"),
        ]
    ),
    max_size=5,
)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_whatever_the_steps_only_a_grant_records_the_event(orgs, body, actions):
    """Property: any sequence of steps by any body leaves exactly one new contract event
    if the request ends granted — the one the decision points to — and none otherwise."""
    try:
        with transaction.atomic():
            contract = factories.graduate_contract(orgs["ufr"], "prop")
            request = file_deferral(contract)
            before = set(
                ContractEvent.objects.filter(contract=contract).values_list("pk", flat=True)
            )
            who = {**body, "signatory": contract.signatory}
            for action, actor in actions:
                user = who[actor]
                try:
                    if action == "opinion":
                        services.give_opinion(user, request, True, "Avis.")
                    elif action == "withdraw":
                        services.withdraw(user, request)
                    else:
                        services.decide(user, request, action == "grant", "Motifs.")
                except TransitionRefused:
                    pass
                request.refresh_from_db()
            added = list(ContractEvent.objects.filter(contract=contract).exclude(pk__in=before))
            if request.state == State.GRANTED:
                assert added == [request.event]
            else:
                assert added == [] and request.event is None
            raise _Rollback
    except _Rollback:
        pass
