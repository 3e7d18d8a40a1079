"""Guards of the request workflow: the rules and the proofs before filing, opinions
before the decision, who may take each step; a refusal keeps nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cesp.core.workflow.engine import TransitionRefused
from cesp.core.workflow.models import TransitionLog
from cesp.requests import services
from cesp.requests.enums import ProofKind, State
from cesp.requests.models import Request
from cesp.requests.proofs import MAX_BYTES, check_upload

from . import factories

pytestmark = pytest.mark.django_db


def test_third_cycle_request_on_day_31_is_refused_and_nothing_is_kept(orgs):
    contract = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 1))  # day 31 today
    with pytest.raises(TransitionRefused) as refusal:
        services.file_request(contract.signatory, contract, "third_cycle_suspension", {})
    assert "31 jours" in refusal.value.reasons[0] and "art. 3, 2° c" in refusal.value.reasons[0]
    assert not Request.objects.exists()
    assert not TransitionLog.objects.exists()


def test_practice_suspension_of_13_months_is_refused(orgs):
    contract = factories.practising_contract(orgs["ufr"])
    with pytest.raises(TransitionRefused) as refusal:
        services.file_request(
            contract.signatory,
            contract,
            "practice_suspension",
            {"start": dt.date(2027, 1, 1), "end": dt.date(2028, 1, 31)},
        )
    assert "13 mois demandés" in refusal.value.reasons[0]


def test_a_suspension_during_studies_needs_a_proof(orgs):
    contract = factories.intern_contract(orgs["ufr"], dt.date(2025, 11, 3))
    data = {"ground": "maladie", "start": dt.date(2027, 1, 1), "end": dt.date(2027, 2, 28)}
    with pytest.raises(TransitionRefused) as refusal:
        services.file_request(contract.signatory, contract, "studies_suspension", data)
    assert "justificatif" in refusal.value.reasons[0]
    filed = services.file_request(
        contract.signatory,
        contract,
        "studies_suspension",
        data,
        [(ProofKind.SUPPORTING, factories.proof())],
    )
    assert filed.state == State.TO_DECIDE and filed.proofs.count() == 1


def test_the_decision_waits_for_the_ufr_opinion(orgs, body):
    contract = factories.graduate_contract(orgs["ufr"])
    request = services.file_request(
        contract.signatory,
        contract,
        "deferral",
        {"start": dt.date(2026, 12, 1), "end": dt.date(2027, 5, 31)},
        [(ProofKind.SUPPORTING, factories.proof())],
    )
    with pytest.raises(TransitionRefused) as refusal:
        services.decide(body["ars"], request, True, "Accordé.")
    assert "n'est pas possible à l'état « En attente d'avis »" in refusal.value.reasons[0]
    with pytest.raises(TransitionRefused):
        services.give_opinion(body["ars"], request, True, "Pas mon rôle.")
    services.give_opinion(body["ufr"], request, True, "Favorable.")
    with pytest.raises(TransitionRefused):  # not the decider: the UFR only gives its opinion
        services.decide(body["ufr"], request, True, "Accordé.")
    with pytest.raises(TransitionRefused):  # a refusal needs reasons
        services.decide(body["ars"], request, False, "  ")


def test_across_regions_both_ars_give_their_opinion_then_the_manager_decides(orgs, body):
    contract = factories.practising_contract(orgs["ufr"])
    request = services.file_request(
        contract.signatory,
        contract,
        "change_of_place",
        {"commune_code": "29019", "start": dt.date(2027, 3, 1)},  # Brest (Bretagne)
    )
    assert (request.region_from, request.region_to) == ("76", "53")
    assert request.state == State.AWAITING_OPINION
    services.give_opinion(body["ars_bretagne"], request, True, "Lieu en ZIP.")
    request.refresh_from_db()
    assert request.state == State.AWAITING_OPINION
    services.give_opinion(body["ars"], request, True, "Rien ne s'y oppose.")
    request.refresh_from_db()
    assert request.state == State.TO_DECIDE
    with pytest.raises(TransitionRefused):
        services.decide(body["ars"], request, True, "Pas le décideur.")
    decided = services.decide(body["national"], request, True, "Avis favorables.")
    assert decided.event.type == "change_of_place" and decided.event.commune_code == "29019"


def test_the_signatory_may_withdraw_an_open_request(orgs, body):
    contract = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 2))
    request = services.file_request(contract.signatory, contract, "third_cycle_suspension", {})
    with pytest.raises(TransitionRefused):
        services.withdraw(body["national"], request)
    services.withdraw(contract.signatory, request)
    assert request.state == State.WITHDRAWN
    with pytest.raises(TransitionRefused):
        services.decide(body["national"], request, True, "Trop tard.")


@time_machine.travel(dt.datetime(2027, 4, 20, 9, tzinfo=dt.UTC), tick=False)
def test_sixth_year_wish_needs_the_agreement_then_the_ars_records_it(orgs, body):
    contract = factories.intern_contract(orgs["ufr"], dt.date(2026, 11, 2))
    data = {"specialty": "psychiatrie", "region": "53"}
    with pytest.raises(TransitionRefused) as refusal:
        services.file_request(contract.signatory, contract, "sixth_year_wish", data)
    assert "accord écrit" in refusal.value.reasons[0]
    request = services.file_request(
        contract.signatory,
        contract,
        "sixth_year_wish",
        data,
        [(ProofKind.AGREEMENT, factories.proof("accord-ars-bretagne.pdf"))],
    )
    decided = services.decide(body["ars_referent"], request, True, "Vœu enregistré.")
    assert decided.state == State.GRANTED and decided.event is None
    rows = services.wish_rows(body["national"], 2027)
    assert rows and rows[0][4] == "Psychiatrie" and rows[0][6] == "oui"
    assert services.wish_rows(body["ars_bretagne"], 2027) == rows  # the arrival region too


def test_proof_checks_type_size_and_that_it_opens():
    assert check_upload(factories.Upload(factories.png_bytes(), "scan.png")).content_type == (
        "image/png"
    )
    with pytest.raises(ValidationError, match="n'est pas un fichier accepté"):
        check_upload(factories.Upload(b"MZ\x90\x00 not a proof", "virus.pdf"))
    with pytest.raises(ValidationError, match="ne s'ouvre pas"):
        check_upload(factories.Upload(b"%PDF-1.7 broken", "abime.pdf"))
    with pytest.raises(ValidationError, match="5 Mo au plus"):
        big = factories.Upload(b"%PDF-" + b"0" * MAX_BYTES, "gros.pdf")
        check_upload(big)
    with pytest.raises(ValidationError, match="est vide"):
        check_upload(factories.Upload(b"", "vide.pdf"))


def test_a_change_to_a_place_outside_the_eligible_zones_is_refused(orgs, zoning):
    """L632-6; décret 2010-735, art. 8: Toulouse (ZAR in the test zoning) is refused,
    Foix (ZIP) accepted."""
    contract = factories.practising_contract(orgs["ufr"])
    with pytest.raises(TransitionRefused) as refusal:
        services.file_request(
            contract.signatory,
            contract,
            "change_of_place",
            {"commune_code": "31555", "start": dt.date(2027, 3, 1)},
        )
    assert "Toulouse n'est pas en zone éligible" in refusal.value.reasons[0]
    assert "art. 8" in refusal.value.reasons[0]
    filed = services.file_request(
        contract.signatory,
        contract,
        "change_of_place",
        {"commune_code": "09122", "start": dt.date(2027, 3, 1)},
    )
    assert filed.state == State.TO_DECIDE
