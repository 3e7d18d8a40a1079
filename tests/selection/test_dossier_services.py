"""The candidate's dossier: pieces checked, filing refused with its reasons, routing."""

from __future__ import annotations

import datetime as dt

import pytest

from cesp.core.workflow.engine import TransitionRefused
from cesp.core.workflow.models import TransitionLog
from cesp.selection import pieces, services
from cesp.selection.errors import Refused
from cesp.selection.models import Dossier, Piece
from tests.factories import OrganisationFactory, UserFactory
from tests.selection.conftest import pdf_bytes, png_bytes
from tests.selection.factories import DossierFactory

pytestmark = pytest.mark.django_db


def complete(dossier: Dossier) -> Dossier:
    for kind in pieces.required_kinds(dossier):
        services.add_piece(dossier, dossier.candidate, kind, f"{kind}.pdf", pdf_bytes())
    return dossier


def test_start_dossier_is_created_once_with_the_regime_schema():
    user = UserFactory(student=True, last_name="Durand", first_name="Léa")
    campaign = services.open_campaign(OrganisationFactory(ufr=True), 2026, None)
    first = services.start_dossier(campaign, user)
    assert services.start_dossier(campaign, user) == first
    assert first.schema == "post2025"
    assert first.birth_name == "Durand"
    assert campaign.milestones.get(kind="lists_deadline").date == dt.date(2027, 1, 15)


def test_a_missing_piece_refuses_filing_naming_it(pdf):
    dossier = DossierFactory()
    services.add_piece(dossier, dossier.candidate, "identity", "cni.pdf", pdf)
    with pytest.raises(TransitionRefused) as refused:
        services.file_dossier(dossier, dossier.candidate)
    text = " ".join(refused.value.reasons)
    assert "Pièce manquante : Lettre de motivation" in text
    assert "arrêté du 27 juillet 2010" in text
    dossier.refresh_from_db()
    assert dossier.state == "draft" and dossier.filed_at is None
    assert not TransitionLog.objects.filter(object_id=str(dossier.pk)).exists()


def test_complete_dossier_files_and_is_logged():
    dossier = complete(DossierFactory())
    services.file_dossier(dossier, dossier.candidate)
    dossier.refresh_from_db()
    assert dossier.state == "filed" and dossier.filed_at is not None
    (log,) = TransitionLog.objects.filter(object_id=str(dossier.pk))
    assert (log.source, log.target, log.actor) == ("draft", "filed", dossier.candidate)


def test_ineligible_candidate_is_told_why_with_the_text():
    dossier = complete(DossierFactory(profession="medecine", category="first_cycle", study_year=1))
    with pytest.raises(TransitionRefused) as refused:
        services.file_dossier(dossier, dossier.candidate)
    assert any("Non éligible" in r and "R631-24" in r for r in refused.value.reasons)


def test_filing_after_the_deadline_is_refused():
    dossier = complete(DossierFactory())
    services.set_milestone(dossier.campaign, "filing_deadline", dt.date(2026, 11, 15), None)
    with pytest.raises(TransitionRefused) as refused:
        services.file_dossier(dossier, dossier.candidate)
    assert any("15/11/2026 est dépassée" in r for r in refused.value.reasons)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cni.pdf", png_bytes(), "n'est pas ce qu'il annonce"),
        ("cni.png", pdf_bytes(), "n'est pas ce qu'il annonce"),
        ("cni.pdf", b"%PDF-1.4 garbage", "ne s'ouvre pas"),
        ("cni.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "ne s'ouvre pas"),
        ("cni.docx", b"PK\x03\x04", "type accepté"),
        ("cni.pdf", b"", "vide"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(name, content, expected):
    dossier = DossierFactory()
    with pytest.raises(Refused) as refused:
        services.add_piece(dossier, dossier.candidate, "identity", name, content)
    assert expected in refused.value.reasons[0]
    assert not Piece.objects.exists()


def test_oversized_file_is_refused(pdf):
    dossier = DossierFactory()
    with pytest.raises(Refused, match="taille"):
        services.add_piece(
            dossier, dossier.candidate, "identity", "a.pdf", pdf + b"\0" * pieces.MAX_BYTES
        )


def test_image_piece_is_kept_and_replaces_the_previous(png, pdf):
    dossier = DossierFactory()
    services.add_piece(dossier, dossier.candidate, "identity", "cni.pdf", pdf)
    piece = services.add_piece(dossier, dossier.candidate, "identity", "cni.png", png)
    assert list(dossier.pieces.all()) == [piece]
    assert piece.media_type == "image/png" and len(piece.sha256) == 64


def test_only_the_candidate_edits_a_draft(pdf):
    dossier = DossierFactory()
    with pytest.raises(Refused):
        services.add_piece(dossier, UserFactory(student=True), "identity", "cni.pdf", pdf)
    with pytest.raises(Refused):
        services.save_section(dossier, UserFactory(student=True), {"specialty": "x"})


def test_required_pieces_depend_on_the_situation():
    assert pieces.required_kinds(
        DossierFactory.build(category="padhue", profession="padhue_medecine")
    ) == [
        "identity",
        "motivation",
    ]
    intern = DossierFactory.build(category="third_cycle", study_year=7)
    assert "ecn_rank" in pieces.required_kinds(intern)
    second_year = DossierFactory.build(study_year=2)
    assert "transcript_1" not in pieces.required_kinds(second_year)


def test_ars_agreement_named_requires_its_piece():

    dossier = DossierFactory(agreement_ars=OrganisationFactory(ars=True, region_code="53"))
    assert "ars_agreement" in pieces.required_kinds(dossier)


def test_withdraw_from_filed():
    dossier = complete(DossierFactory())
    services.file_dossier(dossier, dossier.candidate)
    services.move_dossier(dossier, dossier.candidate, "withdraw")
    assert dossier.state == "withdrawn"
