"""Dated bank accounts declared by the signatory, confirmed, audited (§2.9-13)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cesp.core.audit.models import AuditEntry
from cesp.payments import services
from cesp.payments.enums import AccountStatus
from cesp.payments.iban import check_account
from cesp.payments.runs import accounts_in_force
from tests.factories import ContractFactory, UserFactory
from tests.payments.factories import BIC, IBAN, IBAN_2

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)):
        yield


def test_declare_then_confirm_keeps_the_holder_and_audits_without_the_iban():
    contract = ContractFactory()
    signatory = contract.signatory
    account = services.declare_bank_account(
        signatory, contract, iban="fr76 3000 4000 0100 0001 2345 617", holder_name="Camille  Martin"
    )
    assert (account.iban, account.bic, account.holder_name) == (IBAN, BIC, "Camille Martin")
    assert account.status == AccountStatus.PENDING
    assert accounts_in_force([contract.pk], dt.date(2026, 12, 2)) == {}
    with pytest.raises(ValidationError, match="ne correspond pas à celui déclaré"):
        services.confirm_bank_account(signatory, account, IBAN_2)
    services.confirm_bank_account(signatory, account, IBAN)
    assert accounts_in_force([contract.pk], dt.date(2026, 12, 2))[contract.pk] == account
    entries = AuditEntry.objects.filter(action__startswith="payments.bank_account")
    assert entries.count() == 2
    assert all(IBAN not in str(entry.after) for entry in entries)
    assert "FR76 •••• 5617" in str(entries.first().after)


def test_a_wrong_iban_gets_a_clear_message_and_nothing_is_stored():
    contract = ContractFactory()
    with pytest.raises(ValidationError) as caught:
        services.declare_bank_account(
            contract.signatory, contract, iban="FR7630006000011234567890188", holder_name="X"
        )
    assert "clé de contrôle" in caught.value.message_dict["iban"][0]
    assert not contract.bank_accounts.exists()
    with pytest.raises(ValidationError) as short:
        check_account("FR76300040000100000123456")
    assert "25 caractères" in short.value.message_dict["iban"][0]
    with pytest.raises(ValidationError) as wrong_bic:
        check_account(IBAN, "AGRIFRPP")
    assert "ne correspond pas à la banque" in wrong_bic.value.message_dict["bic"][0]


def test_only_the_signatory_declares_and_a_new_account_is_dated():
    contract = ContractFactory()
    with pytest.raises(PermissionDenied):
        services.declare_bank_account(
            UserFactory(national=True), contract, iban=IBAN, holder_name="X"
        )
    first = services.declare_bank_account(contract.signatory, contract, iban=IBAN, holder_name="A")
    services.confirm_bank_account(contract.signatory, first, IBAN)
    later = services.declare_bank_account(
        contract.signatory,
        contract,
        iban=IBAN_2,
        holder_name="A",
        valid_from=dt.date(2027, 1, 1),
    )
    services.confirm_bank_account(contract.signatory, later, IBAN_2)
    assert accounts_in_force([contract.pk], dt.date(2026, 12, 31))[contract.pk] == first
    assert accounts_in_force([contract.pk], dt.date(2027, 1, 1))[contract.pk] == later
    with pytest.raises(ValidationError, match="aujourd'hui ou d'une date à venir"):
        services.declare_bank_account(
            contract.signatory, contract, iban=IBAN, holder_name="A", valid_from=dt.date(2026, 1, 1)
        )
    pending = services.declare_bank_account(
        contract.signatory, contract, iban=IBAN, holder_name="A"
    )
    services.cancel_bank_account(contract.signatory, pending)
    pending.refresh_from_db()
    assert pending.status == AccountStatus.CANCELLED
