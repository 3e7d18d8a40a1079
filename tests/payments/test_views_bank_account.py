"""« Mon compte bancaire »: the signatory declares a dated IBAN, confirms it by typing it
again, or cancels it; French refusals, nothing half-saved, no 5xx, others get 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cesp.core.audit.models import AuditEntry
from cesp.payments.enums import AccountStatus
from cesp.payments.models import BankAccount
from tests.payments.factories import IBAN, IBAN_2, BankAccountFactory

URL = "/paiements/mon-compte-bancaire/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


def _declare(client, contract, iban=IBAN, holder="Camille Martin", **extra):
    prefix = f"c{contract.pk}-"
    data = {"action": "declare", "contract": contract.pk, f"{prefix}holder_name": holder}
    data[f"{prefix}iban"] = iban
    data.update({f"{prefix}{key}": value for key, value in extra.items()})
    return client.post(URL, data)


def _confirm(client, contract, iban):
    return client.post(
        URL, {"action": "confirm", "contract": contract.pk, f"k{contract.pk}-iban": iban}
    )


def test_a_signatory_declares_then_confirms_and_the_iban_is_masked(client, world):
    contract = world.own
    client.force_login(world.users["student"])
    page = client.get(URL)
    assert page.status_code == 200
    assert "Aucun compte confirmé" in page.content.decode()
    response = _declare(client, contract, iban="fr76 3000 4000 0100 0001 2345 617")
    assert response.status_code == 302
    account = BankAccount.objects.get(contract=contract)
    assert account.status == AccountStatus.PENDING
    page = client.get(URL).content.decode()
    assert "Compte déclaré, à confirmer" in page and IBAN not in page
    assert _confirm(client, contract, "FR76 3000 4000 0100 0001 2345 617").status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.CONFIRMED
    assert BankAccount.objects.filter(contract=contract).in_force(dt.date(2026, 12, 2)).get() == (
        account
    )
    assert AuditEntry.objects.filter(action="payments.bank_account_confirmed").exists()
    page = client.get(URL).content.decode()
    assert "•••• •••• 5617" in page and "Camille Martin" in page and "2 décembre 2026" in page
    assert IBAN not in page and "à confirmer" not in page


def test_a_dated_account_waits_for_its_date(client, world):
    BankAccountFactory(contract=world.own)
    client.force_login(world.users["student"])
    _declare(client, world.own, iban=IBAN_2, valid_from="2027-01-01")
    _confirm(client, world.own, IBAN_2)
    page = client.get(URL).content.decode()
    assert "•••• •••• 5617" in page and "20 juin 2022" in page
    past = _declare(client, world.own, iban=IBAN_2, valid_from="2026-11-01")
    assert past.status_code == 400
    assert "Un nouveau compte vaut à partir" in past.content.decode()


@pytest.mark.parametrize(
    ("iban", "expected"),
    [
        ("FR7630006000011234567890188", "clé de contrôle"),
        ("FR76300040000100000123456", "25 caractères"),
        ("FR76é3000400001000001234561", "forme attendue"),
        (
            "FR76\x003000400001000001234561",
            "Requête invalide",
        ),  # cesp.core.nul refuses it site-wide,
        ("F" * 2_000_000, "au plus 48 caractères"),
        ("", "Ce champ est obligatoire"),
    ],
)
def test_a_wrong_iban_gets_a_french_message_and_nothing_is_stored(client, world, iban, expected):
    client.force_login(world.users["student"])
    response = _declare(client, world.own, iban=iban)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not BankAccount.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="payments.bank_account").exists()


def test_a_wrong_bic_is_refused_beside_its_field(client, world):
    client.force_login(world.users["student"])
    response = _declare(client, world.own, bic="AGRIFRPP")
    assert response.status_code == 400
    assert "ne correspond pas à la banque" in response.content.decode()
    assert not BankAccount.objects.exists()


def test_a_mismatching_confirmation_is_refused_then_the_declaration_cancelled(client, world):
    client.force_login(world.users["student"])
    _declare(client, world.own)
    response = _confirm(client, world.own, IBAN_2)
    assert response.status_code == 400
    assert "ne correspond pas à celui" in response.content.decode()
    account = BankAccount.objects.get()
    assert account.status == AccountStatus.PENDING
    assert _confirm(client, world.own, "x" * 100_000).status_code == 400
    cancelled = client.post(URL, {"action": "cancel", "contract": world.own.pk}, follow=True)
    assert "La déclaration est annulée" in cancelled.content.decode()
    account.refresh_from_db()
    assert account.status == AccountStatus.CANCELLED
    again = _confirm(client, world.own, IBAN)
    assert again.status_code == 302
    account.refresh_from_db()
    assert account.status == AccountStatus.CANCELLED


def test_another_signatorys_pending_account_is_neither_visible_nor_reachable(client, world):
    BankAccountFactory(
        contract=world.other, status=AccountStatus.PENDING, holder_name="Yann Le Gall"
    )
    client.force_login(world.users["student"])
    page = client.get(URL).content.decode()
    assert "Yann Le Gall" not in page and "à confirmer" not in page
    assert _confirm(client, world.other, IBAN).status_code == 404
    assert client.post(URL, {"action": "cancel", "contract": world.other.pk}).status_code == 404
    assert _declare(client, world.other).status_code == 404
    assert BankAccount.objects.get().status == AccountStatus.PENDING
    assert client.post(URL, {"action": "bogus", "contract": world.own.pk}).status_code == 404


@pytest.mark.parametrize("role", ["national", "ufr_agent", "ars_referent", "admin"])
def test_an_agent_gets_404(client, world, role):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == 404
    assert _declare(client, world.own).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(URL).status_code == 302


def test_links_from_my_allocations_and_my_space(client, world):
    client.force_login(world.users["student"])
    assert URL in client.get("/paiements/mes-allocations/").content.decode()
    assert URL in client.get("/mon-espace/").content.decode()
