"""The kernel's documents: rendered to PDF, archived write-once, read back identical,
and readable only by whom the owning app's predicate allows (404 otherwise)."""

from __future__ import annotations

import hashlib

import pytest
import time_machine

from cesp.core.documents import kinds
from cesp.core.documents.models import Document
from cesp.core.documents.services import Fact, render_document, render_pdf
from tests.core.documents.pdf import pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = kinds.register(
    "test_note",
    "Note de test",
    can_view=lambda user, subject: user.pk == subject.pk or user.is_superuser,
)


def _note(user, subject, title="Note d'essai : été, 5 000,00 €"):
    return render_document(
        KIND.code,
        "documents/pdf_base.html",
        {},
        subject=subject,
        facts=[Fact.of("Compte", [subject]), Fact("Version de zonage", "x.y", (7,))],
        user=user,
        title=title,
    )


def test_render_pdf_is_a_pdf_with_the_french_text():
    data = render_pdf("documents/pdf_base.html", {"document_title": "Attestation « été » €"})
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Attestation « été » €" in text and "RÉPUBLIQUE FRANÇAISE" in text
    assert "page 1 / 1" in text


@time_machine.travel("2026-12-02 10:00 +01:00", tick=False)
def test_a_document_is_archived_with_its_digest_author_subject_and_facts():
    owner = UserFactory()
    document = _note(owner, owner)
    stored = Document.objects.get()
    content = bytes(stored.content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest() and stored.size == len(content)
    assert stored.kind == "test_note" and stored.created_by == owner and stored.subject == owner
    assert stored.filename == "note-dessai-ete-5-00000.pdf"
    assert stored.facts == [
        {"label": "Compte", "model": "accounts.user", "ids": [owner.pk]},
        {"label": "Version de zonage", "model": "x.y", "ids": [7]},
    ]
    assert stored.created_at.isoformat().startswith("2026-12-02T09:00")
    assert list(Document.objects.about(owner)) == [document]
    assert "Note d'essai : été, 5 000,00 €" in pdf_text(content)


def test_the_same_facts_give_the_same_bytes():
    owner = UserFactory()
    first, second = _note(owner, owner), _note(owner, owner)
    assert first.pk != second.pk and first.sha256 == second.sha256


def test_an_archived_document_cannot_be_changed():
    owner = UserFactory()
    document = _note(owner, owner)
    document.title = "autre"
    with pytest.raises(ValueError, match="ne se modifie pas"):
        document.save()


def test_an_undeclared_kind_is_refused():
    owner = UserFactory()
    with pytest.raises(LookupError):
        render_document(
            "nope", "documents/pdf_base.html", {}, subject=owner, facts=[], user=owner, title="x"
        )
    assert not Document.objects.exists()


def test_the_page_shows_the_digest_and_the_download_is_identical(client):
    owner = UserFactory()
    document = _note(owner, owner)
    client.force_login(owner)
    page = client.get(f"/documents/{document.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert document.sha256 in html and "Note de test" in html and "Version de zonage" in html
    first = client.get(f"/documents/{document.pk}/pdf/")
    second = client.get(f"/documents/{document.pk}/pdf/")
    assert first["Content-Type"] == "application/pdf" and "no-store" in first["Cache-Control"]
    assert "attachment" in first["Content-Disposition"]
    assert first.content == second.content == bytes(document.content)
    assert hashlib.sha256(first.content).hexdigest() == document.sha256


def test_out_of_the_predicate_is_404_and_anonymous_must_log_in(client):
    owner, stranger = UserFactory(), UserFactory()
    document = _note(owner, owner)
    client.force_login(stranger)
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 404
    assert client.get("/documents/999999/").status_code == 404
    client.logout()
    response = client.get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_document_of_a_kind_no_longer_declared_is_closed(client):
    owner = UserFactory()
    document = _note(owner, owner)
    Document.objects.filter(pk=document.pk).update(kind="retired_kind")
    client.force_login(owner)
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 404


def test_rendering_fetches_nothing_outside_the_document(tmp_path, settings):
    secret = tmp_path / "secret.css"
    secret.write_text("h1 { display: none }")
    template = tmp_path / "fetch.html"
    template.write_text(
        '{% extends "documents/pdf_base.html" %}{% block body %}'
        f'<link rel="stylesheet" href="file://{secret}"><img src="http://192.0.2.1/x.png">'
        "<p>corps</p>{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    text = pdf_text(render_pdf("fetch.html", {"document_title": "Titre visible"}))
    assert "Titre visible" in text and "corps" in text
