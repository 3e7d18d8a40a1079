"""Facts are append-only (payment lines: tests/payments/test_models.py)."""

from __future__ import annotations

import pytest

from cesp.contracts.models import AppendOnlyError, ContractEvent, pseudonym_for
from tests.factories import ContractEventFactory, ContractFactory

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_updated_nor_deleted():
    event = ContractEventFactory()
    event.reason = "réécrit"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ContractEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        ContractEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == ""


def test_pseudonym_is_stable_and_not_the_reference():
    contract = ContractFactory(reference="CESP-2021-000001")
    assert contract.pseudonym == pseudonym_for("CESP-2021-000001")
    assert "000001" not in contract.pseudonym
    assert ContractFactory(reference="CESP-2021-000002").pseudonym != contract.pseudonym
