"""The breach procedure's guards: each forbidden step is refused with a French reason
citing its text, and nothing is half-saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cesp.breach import collection, services
from cesp.breach.enums import CaseState, DispatchKind, Ground
from cesp.breach.models import BreachCase, Dispatch, Statement
from cesp.contracts import figures
from cesp.core.documents.models import Document
from cesp.core.workflow.engine import TransitionRefused
from cesp.core.workflow.models import TransitionLog
from tests.breach.factories import letter_case, months, notified_case, pay, receive


def reported(people, ground=Ground.CHANGE_OF_PLACE) -> BreachCase:
    return services.report(
        people.ars,
        people.contract,
        ground=ground,
        facts="Installé à Lyon depuis le 1er septembre sans accord de l'ARS.",
        reported_on=dt.date(2026, 10, 1),
    )


def test_letter_opens_with_receipt_as_effective_date(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    assert case.state == CaseState.OPENED
    assert [log.transition for log in TransitionLog.objects.for_object(case)] == ["open_letter"]
    acknowledgement = case.dispatch(DispatchKind.ACKNOWLEDGEMENT)
    assert "02/11/2026" in bytes(acknowledgement.document.content).decode()


def test_letter_without_receipt_date_is_refused_and_nothing_saved(people) -> None:
    with pytest.raises(TransitionRefused, match="date de réception prouvée"):
        services.open_by_letter(people.national, people.contract, received_on=None)
    assert not BreachCase.objects.exists() and not Document.objects.exists()


def test_letter_in_the_future_is_refused(people) -> None:
    with pytest.raises(TransitionRefused, match="futur"):
        letter_case(people.contract, people.national, dt.date(2026, 12, 20))
    assert not BreachCase.objects.exists()


def test_a_second_case_on_the_same_contract_is_refused(people) -> None:
    letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    with pytest.raises(TransitionRefused, match="déjà en cours"):
        reported(people)
    assert BreachCase.objects.count() == 1


def test_decision_before_the_15_days_is_refused(people) -> None:
    case = reported(people)
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 2), number="1A1")
    receive(case, DispatchKind.NOTICE, dt.date(2026, 11, 4), people.national)
    with pytest.raises(TransitionRefused) as refused:
        services.decide(people.national, case, decided_on=dt.date(2026, 11, 19))
    assert "19/11/2026 inclus" in refused.value.reasons[0]
    assert "arrêté du 27 juillet 2010, art. 4" in refused.value.reasons[0]
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_SENT
    assert not Statement.objects.exists()
    assert figures.figures(people.contract)["breach"] is None  # no event recorded


def test_decision_needs_the_notice_for_change_of_place(people) -> None:
    case = reported(people)
    with pytest.raises(TransitionRefused, match="mise en demeure"):
        services.decide(people.national, case, decided_on=dt.date(2026, 11, 30))


def test_decision_without_notice_receipt_is_refused(people) -> None:
    case = reported(people, Ground.RADIATION)
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 2), number="1A1")
    with pytest.raises(TransitionRefused, match="avis de réception"):
        services.decide(people.national, case, decided_on=dt.date(2026, 11, 30))


def test_decision_after_the_period_records_the_breach_event(people) -> None:
    pay(people.contract, months(dt.date(2022, 10, 1), 3))
    case = reported(people)
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 2), number="1A1")
    receive(case, DispatchKind.NOTICE, dt.date(2026, 11, 4), people.national)
    services.add_observations(
        people.national,
        case,
        text="Je conteste.",
        received_on=dt.date(2026, 11, 10),
        channel="letter",
    )
    case.refresh_from_db()
    assert case.state == CaseState.OBSERVATIONS
    case = services.decide(people.national, case, decided_on=dt.date(2026, 11, 20))
    assert case.state == CaseState.DECIDED and case.breach_date == dt.date(2026, 11, 20)
    result = figures.figures(people.contract)
    assert result["breach"]["date"] == "2026-11-20"
    assert result["status"] == "broken"  # derived by the rules, never stored
    assert {d.kind for d in case.dispatches.all()} >= {DispatchKind.NOTICE, DispatchKind.DECISION}


def test_only_the_decision_records_the_breach(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    assert figures.figures(people.contract)["breach"] is None
    services.decide(people.national, case, decided_on=dt.date(2026, 11, 20))
    assert figures.figures(people.contract)["breach"]["date"] == "2026-11-02"


def test_dismissal_needs_a_reason(people) -> None:
    case = reported(people)
    with pytest.raises(TransitionRefused, match="motif"):
        services.dismiss(people.national, case, reason=" ")
    services.dismiss(people.national, case, reason="Installation régularisée.")
    case.refresh_from_db()
    assert case.state == CaseState.DISMISSED


def test_appeal_after_two_months_is_refused(people) -> None:
    case = notified_case(people.contract, people.national, dt.date(2026, 8, 3), dt.date(2026, 9, 1))
    receive(case, DispatchKind.NOTIFICATION, dt.date(2026, 9, 30), people.national)
    with pytest.raises(TransitionRefused) as refused:
        collection.file_appeal(people.student, case, text="Je conteste le montant.")
    assert "30/11/2026" in refused.value.reasons[0]
    assert "arrêté du 26 mai 2020, art. 3" in refused.value.reasons[0]
    assert not case.appeals.exists()


def test_appeal_before_the_receipt_is_proven_is_refused(people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    with pytest.raises(TransitionRefused, match="avis de réception"):
        collection.file_appeal(people.student, case, text="Je conteste.")


def test_appeal_in_time_is_logged_with_its_date_certain(people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    receive(case, DispatchKind.NOTIFICATION, dt.date(2026, 11, 24), people.national)
    appeal = collection.file_appeal(people.student, case, text="Je conteste.")
    assert appeal.received_on == dt.date(2026, 12, 2)
    assert "horodaté le 02/12/2026" in appeal.proof


def test_plan_must_sum_to_the_amount_due(people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    total = case.statement().total
    with pytest.raises(TransitionRefused) as refused:
        collection.grant_plan(
            people.national,
            case,
            instalments=[
                (dt.date(2027, 1, 31), Decimal("100.00")),
                (dt.date(2027, 2, 28), Decimal("100.00")),
            ],
        )
    assert "ne correspond pas à la somme due" in refused.value.reasons[-1]
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED and not hasattr(case, "_plan_cache")
    half = (total / 2).quantize(Decimal("0.01"))
    collection.grant_plan(
        people.national,
        case,
        instalments=[(dt.date(2027, 1, 31), half), (dt.date(2027, 2, 28), total - half)],
    )
    case.refresh_from_db()
    assert case.state == CaseState.INSTALMENTS


def test_plan_dates_in_order(people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    total = case.statement().total
    with pytest.raises(TransitionRefused, match="doivent se suivre"):
        collection.grant_plan(
            people.national,
            case,
            instalments=[(dt.date(2027, 2, 28), total - 1), (dt.date(2027, 1, 31), Decimal(1))],
        )


def test_default_needs_a_late_instalment_and_settle_a_zero_balance(people) -> None:
    case = notified_case(people.contract, people.national, dt.date(2026, 8, 3), dt.date(2026, 9, 1))
    total = case.statement().total
    collection.grant_plan(
        people.national,
        case,
        instalments=[(dt.date(2026, 12, 2), Decimal("500.00")), (dt.date(2027, 3, 1), total - 500)],
    )
    with pytest.raises(TransitionRefused, match="Aucune échéance n'est impayée"):
        collection.declare_default(people.national, case, reason="Impayé")
    with pytest.raises(TransitionRefused, match="reste"):
        collection.settle(people.national, case)
    collection.record_repayment(
        people.national, case, received_on=dt.date(2026, 12, 1), amount=total
    )
    collection.settle(people.national, case)
    case.refresh_from_db()
    assert case.state == CaseState.PAID


def test_signatory_cannot_take_manager_steps(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    with pytest.raises(TransitionRefused, match="pas le droit"):
        services.decide(people.student, case)
    with pytest.raises(TransitionRefused, match="pas le droit"):
        services.send_notice(people.ars, case, sent_on=dt.date(2026, 11, 20))


def test_receipt_is_recorded_once(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 20), number="1A")
    receive(case, DispatchKind.NOTICE, dt.date(2026, 11, 23), people.national)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="déjà enregistrée"):
        services.record_receipt(
            people.national, case.dispatch(DispatchKind.NOTICE), dt.date(2026, 11, 24)
        )
    assert Dispatch.objects.get(kind=DispatchKind.NOTICE).received_on == dt.date(2026, 11, 23)
