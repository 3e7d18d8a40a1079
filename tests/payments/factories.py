"""Factories and helpers of the payments tests."""

from __future__ import annotations

import datetime as dt

import factory
import time_machine
from django.contrib.auth.models import Permission
from factory.django import DjangoModelFactory

from cesp.contracts.enums import EventType
from cesp.payments.enums import AccountStatus
from cesp.payments.models import BankAccount
from tests.factories import ContractEventFactory, ContractFactory, UserFactory

#: Valid French IBANs (schwifty: key and RIB key right), BNP Paribas.
IBAN = "FR7630004000010000012345617"
IBAN_2 = "FR7630004000010000065432165"
BIC = "BNPAFRPP"


class BankAccountFactory(DjangoModelFactory):
    """A confirmed account (as after the signatory's confirmation step)."""

    class Meta:
        model = BankAccount

    contract = factory.SubFactory(ContractFactory)
    iban = IBAN
    bic = BIC
    holder_name = "Camille Martin"
    valid_from = dt.date(2022, 6, 20)
    status = AccountStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(lambda: dt.datetime(2022, 6, 20, 12, tzinfo=dt.UTC))


def recorded(contract, on: dt.date, **fields):
    """An event recorded on ``on`` (its ``recorded_at`` is that day, noon UTC)."""
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.UTC)):
        return ContractEventFactory(contract=contract, **fields)


def thesis(contract, when: dt.date, on: dt.date):
    return recorded(contract, on, type=EventType.THESIS, date=when)


def agent(*codenames: str, username: str | None = None):
    """A national agent holding the given payments permissions."""
    user = UserFactory(national=True, **({"username": username} if username else {}))
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache
