"""Breach tests: today frozen (2 December 2026), PDFs rendered as HTML (fast) except where
a test asks for the real one, a small world of one contract per region."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from cesp.accounts.models import User
from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core.documents import services as documents
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _today():
    figures.clear()
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC), tick=False):
        yield
    figures.clear()


@pytest.fixture(autouse=True)
def _fast_pdf(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    from django.template.loader import render_to_string

    monkeypatch.setattr(
        documents,
        "render_pdf",
        lambda template, context: b"%PDF-test\n" + render_to_string(template, context).encode(),
    )


@pytest.fixture
def real_pdf() -> None:
    """Ask for it to render the documents with WeasyPrint (slow) instead of HTML bytes."""


@dataclass
class People:
    national: User
    ars: User
    ars_other: User
    student: User
    other_student: User
    ufr: User
    contract: Contract  # the student's, followed in Occitanie (76)
    other: Contract  # followed in Bretagne (53)


@pytest.fixture
def people(db) -> People:
    ufr_mtp = OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76")
    ufr_rns = OrganisationFactory(ufr=True, code="ufr-rennes", region_code="53")
    ars_occ = OrganisationFactory(ars=True, code="ars-occitanie", region_code="76")
    ars_bzh = OrganisationFactory(ars=True, code="ars-bretagne", region_code="53")
    student = UserFactory(student=True, username="etudiant", email="etudiant@example.org")
    other_student = UserFactory(student=True, username="autre")
    return People(
        national=UserFactory(national=True, username="national"),
        ars=UserFactory(ars_referent=True, organisation=ars_occ, username="ars"),
        ars_other=UserFactory(ars_referent=True, organisation=ars_bzh, username="ars-bzh"),
        student=student,
        other_student=other_student,
        ufr=UserFactory(ufr_agent=True, organisation=ufr_mtp, username="ufr"),
        contract=ContractFactory(reference="CESP-MTP-0001", signatory=student, ufr=ufr_mtp),
        other=ContractFactory(reference="CESP-RNS-0001", signatory=other_student, ufr=ufr_rns),
    )
