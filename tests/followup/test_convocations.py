"""The convocation path (arrêté du 27 juillet 2010, art. 2 bis and art. 4): each step a
transition with its archived letter, proof and deadline; refusals in French."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cesp.contracts.enums import EventType
from cesp.core.notifications.models import Message as Notice
from cesp.core.workflow.engine import TransitionRefused
from cesp.followup import convocations
from cesp.followup.models import ConvocationStep
from tests.factories import ContractEventFactory, ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(ufr, signatory):
    """PRE2020, 3rd cycle suspended since 1 January 2024."""
    contract = ContractFactory(
        ufr=ufr, signatory=signatory, signature_date=dt.date(2017, 9, 1), campaign_year=2017
    )
    ContractEventFactory(
        contract=contract, type=EventType.INTERNSHIP_START, date=dt.date(2023, 11, 2)
    )
    ContractEventFactory(
        contract=contract,
        type=EventType.THIRD_CYCLE_SUSPENSION_REQUEST,
        date=dt.date(2023, 11, 20),
    )
    return contract


def test_post2020_and_running_contracts_are_not_convoked(contract, referent):
    assert not convocations.may_open(contract)
    with pytest.raises(ValidationError, match=r"art\. 2 bis"):
        convocations.convoke(
            contract, by=referent, meeting_on=dt.date(2025, 2, 1), proof="1A 000 000 0001 2"
        )


def test_full_path_to_termination(suspended, referent, national):
    assert convocations.may_open(suspended)
    case = convocations.convoke(
        suspended, by=referent, meeting_on=dt.date(2025, 2, 3), proof="1A 111"
    )
    assert not convocations.may_open(suspended)  # one open case at a time
    first = case.steps.get()
    assert first.document.kind == "followup_letter" and first.deadline == dt.date(2025, 2, 3)
    notice = Notice.objects.get(kind="followup_legal_notice", recipient=suspended.signatory)
    assert f"/documents/{first.document.pk}/" in notice.body and "art. 2 bis" in notice.body
    with time_machine.travel(dt.datetime(2025, 2, 4, 9, tzinfo=dt.UTC), tick=False):
        convocations.advance(case, "absent", by=referent, data={"on": dt.date(2025, 2, 3)})
        absence = case.steps.get(step="absent")
        assert absence.deadline == dt.date(2025, 2, 18)  # reminder within 15 days
        with pytest.raises(TransitionRefused) as refused:
            convocations.advance(case, "remind", by=referent, data={})
        assert "lettre recommandée" in " ".join(refused.value.reasons)
        convocations.advance(
            case,
            "remind",
            by=referent,
            data={"proof": "1A 222", "meeting_on": dt.date(2025, 3, 3)},
        )
    with time_machine.travel(dt.datetime(2025, 3, 4, 9, tzinfo=dt.UTC), tick=False):
        convocations.advance(case, "absent_again", by=referent, data={"on": dt.date(2025, 3, 3)})
        convocations.advance(case, "inform_manager", by=referent, data={})
        assert Notice.objects.filter(kind="followup_manager_informed", recipient=national).exists()
        with pytest.raises(TransitionRefused):  # the ARS does not serve the formal notice
            convocations.advance(case, "formal_notice", by=referent, data={"proof": "x"})
        convocations.advance(case, "formal_notice", by=national, data={"proof": "1A 333"})
    with time_machine.travel(dt.datetime(2025, 3, 7, 9, tzinfo=dt.UTC), tick=False):
        step = case.steps.get(step="formal_notice")
        convocations.record_receipt(step, by=national, received_on=dt.date(2025, 3, 6))
        step.refresh_from_db()
        assert step.deadline == dt.date(2025, 3, 21)
    with time_machine.travel(dt.datetime(2025, 3, 21, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(TransitionRefused) as early:
            convocations.advance(case, "terminate", by=national, data={})
        assert "jusqu'au 21/03/2025 inclus" in early.value.reasons[0]
    with time_machine.travel(dt.datetime(2025, 3, 22, 9, tzinfo=dt.UTC), tick=False):
        convocations.advance(case, "terminate", by=national, data={})
    assert case.state == "terminated"
    assert list(
        ConvocationStep.objects.filter(convocation=case).values_list("step", flat=True)
    ) == [
        "convoke",
        "absent",
        "remind",
        "absent_again",
        "inform_manager",
        "formal_notice",
        "terminate",
    ]
    assert all(s.document_id for s in case.steps.all())
    last = Notice.objects.filter(kind="followup_legal_notice").latest("pk")
    assert "Décision de résiliation" in last.subject
    assert "tribunal administratif" in last.body and "R421-1" in last.body


def test_pages_show_steps_and_refuse_outsiders(client, suspended, referent, outsider):
    case = convocations.convoke(
        suspended, by=referent, meeting_on=dt.date(2025, 2, 3), proof="1A 111"
    )
    client.force_login(referent)
    page = client.get(f"/suivi/convocation/{case.pk}/")
    assert page.status_code == 200 and "1A 111" in page.content.decode()
    refused = client.post(f"/suivi/convocation/{case.pk}/", {"step": "absent", "on": "2025-02-05"})
    assert refused.status_code == 200 and "est dans le futur" in refused.content.decode()
    assert case.steps.count() == 1
    client.force_login(outsider)
    assert client.get(f"/suivi/convocation/{case.pk}/").status_code == 404
