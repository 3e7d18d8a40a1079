"""Deadlines from the proven receipt dates, and the demo loader (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from cesp.breach import services
from cesp.breach.deadlines import deadlines
from cesp.breach.demo import load_demo_breach
from cesp.breach.enums import CaseState, DispatchKind, Ground
from cesp.breach.models import BreachCase
from tests.breach.factories import letter_case, notified_case, receive
from tests.factories import ContractFactory, OrganisationFactory, UserFactory


def test_observation_period_runs_from_the_notice_receipt(people) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    services.send_notice(people.national, case, sent_on=dt.date(2026, 11, 20), number="1A")
    case.refresh_from_db()
    (pending,) = deadlines(case, dt.date(2026, 12, 2))
    assert pending.day is None and "réception" in pending.text
    receive(case, DispatchKind.NOTICE, dt.date(2026, 11, 24), people.national)
    (due,) = deadlines(case, dt.date(2026, 12, 2))
    assert due.day == dt.date(2026, 12, 9)


def test_appeal_window_runs_two_months_from_the_notification_receipt(people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 8, 3), dt.date(2026, 8, 25)
    )
    receive(case, DispatchKind.NOTIFICATION, dt.date(2026, 8, 31), people.national)
    found = {d.label: d.day for d in deadlines(case, dt.date(2026, 12, 2))}
    assert found["Fin du délai de recours amiable (2 mois)"] == dt.date(2026, 10, 31)
    assert found["Échéance de paiement"] == dt.date(2026, 10, 24)


def test_demo_loads_every_step_once(db) -> None:
    ars_org = OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")
    ufr = OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    UserFactory(national=True, username="national")
    UserFactory(ars_referent=True, organisation=ars_org, username="ars-occitanie")
    for n in range(6):
        ContractFactory(reference=f"DEMO-2021-{n:05d}", signatory=None, ufr=ufr)
    summary = load_demo_breach(dt.date(2026, 12, 2))
    assert not summary.skipped, summary.skipped
    states = set(BreachCase.objects.values_list("state", flat=True))
    assert states == {
        CaseState.OPENED,
        CaseState.NOTICE_SENT,
        CaseState.OBSERVATIONS,
        CaseState.APPEALED,
        CaseState.NOTIFIED,
        CaseState.INSTALMENTS,
    }
    assert BreachCase.objects.filter(ground=Ground.ABSENCES).exists()
    plan = BreachCase.objects.get(state=CaseState.INSTALMENTS)
    assert plan.contract.signatory.username == "signataire-echeancier"
    assert plan.statement().payments_count > 0  # from the payments actually made
    count = BreachCase.objects.count()
    call_command("load_demo_breach")
    assert BreachCase.objects.count() == count == 7
