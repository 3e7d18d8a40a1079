"""« Mes allocations » and a contract's payments pages: the months and their reasons,
scope (out of scope: 404), French only, no 5xx on bad input, bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from cesp.contracts.enums import EventType
from cesp.payments.enums import LineKind
from tests.factories import ContractEventFactory, ContractFactory
from tests.payments.line_factories import paid_line

TODAY = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def paid(world):
    """The student's contract (2nd cycle, campaign 2021, signed 2022-06-20): months
    October 2021 to June 2022 paid as arrears on 2022-07-22, then monthly until
    December 2022; a suspension February-April 2023; the DES and thesis in 2024."""
    contract = world.own
    ContractEventFactory(
        contract=contract,
        type=EventType.SUSPENSION,
        date=None,
        start=dt.date(2023, 2, 1),
        end=dt.date(2023, 4, 30),
        suspension_reason="maladie",
    )
    ContractEventFactory(contract=contract, type=EventType.DES, date=dt.date(2024, 10, 18))
    ContractEventFactory(contract=contract, type=EventType.THESIS, date=dt.date(2024, 12, 12))
    for index in range(9):  # 2021-10 .. 2022-06
        month = f"{2021 + (9 + index) // 12}-{(9 + index) % 12 + 1:02d}"
        paid_line(contract, month, dt.date(2022, 7, 22), kind=LineKind.ARREARS)
    for month in range(7, 13):
        paid_line(contract, f"2022-{month:02d}", dt.date(2022, month, 22))
    return world


def test_student_sees_months_paid_and_the_reason_of_each_gap(client, paid):
    client.force_login(paid.users["student"])
    response = client.get("/paiements/mes-allocations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-month="2022-03" data-state="paid"' in html
    assert "versé en rappel le 22/07/2022" in html
    assert 'data-month="2023-02" data-state="not_due"' in html  # Feb–Apr merged
    assert "suspension à votre demande du 01/02/2023 au 30/04/2023" in html
    # January 2023 is due and nothing paid it: arrears to come
    assert 'data-month="2023-01" data-state="arrears_to_come"' in html
    assert "diplôme obtenu le 12/12/2024" in html
    assert "Attestation des sommes versées en 2022" in html
    for code in ("arrears", "regular", "not_due", "suspension_reason", "maladie"):
        assert f">{code}<" not in html


def _queries(client, url: str) -> int:
    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        assert client.get(url).status_code == 200
    return count


def test_student_page_queries_are_bounded(client, paid):
    """The same number of queries whatever the months: a year more of lines adds none
    (the menu's predicates of other apps count in the bound)."""
    client.force_login(paid.users["student"])
    url = "/paiements/mes-allocations/"
    client.get(url)  # warm the rules' memo and content types
    before = _queries(client, url)
    assert before <= 20
    for month in range(1, 13):
        paid_line(paid.own, f"2023-{month:02d}", dt.date(2023, month, 22))
    client.get(url)
    assert _queries(client, url) == before


@pytest.mark.parametrize(
    "who", ["other_student", "ufr_agent", "ars_referent", "researcher", "commission"]
)
def test_out_of_scope_contract_pages_answer_404(client, paid, who):
    client.force_login(paid.users[who])
    pk = paid.own.pk
    for url in (
        f"/paiements/contrat/{pk}/",
        f"/paiements/contrat/{pk}/releve/2022-07/",
        f"/paiements/contrat/{pk}/attestation/2022/",
        f"/paiements/contrat/{pk}/attestation/2022/?format=pdf",
        f"/paiements/contrat/{pk}/situation/",
    ):
        assert client.get(url).status_code == 404, url


def test_national_agent_reads_a_contract_payments(client, paid):
    client.force_login(paid.users["national"])
    response = client.get(f"/paiements/contrat/{paid.own.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "CESP-MTP-0001" in html
    assert "Premier versement le 22/07/2022, 32 jours après la signature." in html
    assert "mois versé(s) après la fin du mois du versement" in html  # January 2023


@pytest.mark.parametrize(
    "url",
    [
        "/paiements/contrat/{pk}/releve/2022-13/",
        "/paiements/contrat/{pk}/releve/abcd-ef/",
        "/paiements/contrat/{pk}/releve/99999999999-01/",
        "/paiements/contrat/{pk}/releve/2022-7/",
        "/paiements/contrat/{pk}/attestation/0/",
        "/paiements/contrat/{pk}/attestation/99999999999999999999/",
        "/paiements/contrat/99999999999999999999/",
        "/paiements/contrat/{pk}/situation/?format=zzz",
    ],
)
def test_bad_input_is_never_a_server_error(client, paid, url):
    client.force_login(paid.users["student"])
    response = client.get(url.format(pk=paid.own.pk))
    assert response.status_code in {200, 404}


def test_anonymous_is_sent_to_login(client, paid):
    response = client.get("/paiements/mes-allocations/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mine_is_for_signatories_only(client, paid):
    client.force_login(paid.users["national"])
    assert client.get("/paiements/mes-allocations/").status_code == 404


def test_index_sends_each_role_to_its_page(client, paid):
    client.force_login(paid.users["student"])
    assert client.get("/paiements/")["Location"] == "/paiements/mes-allocations/"
    client.force_login(paid.users["ars_referent"])
    assert client.get("/paiements/")["Location"] == "/paiements/retards/"
    client.force_login(paid.users["ufr_agent"])
    assert client.get("/paiements/").status_code == 404


def test_a_new_signatory_sees_when_the_first_payment_comes(client, world):
    """Signed on 25 February 2025: the first run (20 March) pays October to March."""
    contract = ContractFactory(
        signatory=world.users["other_student"],
        campaign_year=2024,
        signature_date=dt.date(2025, 2, 25),
    )
    client.force_login(world.users["other_student"])
    html = client.get(f"/paiements/contrat/{contract.pk}/").content.decode()
    assert 'data-month="2024-10" data-state="scheduled"' in html
    assert "versé en rappel avec le premier versement prévu le 20/03/2025" in html
    assert 'data-month="2025-03" data-state="scheduled"' in html
    assert "dû, versé avec le premier versement prévu le 20/03/2025" in html
