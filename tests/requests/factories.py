"""Contracts ready for each kind of request, the bodies who act on them, and proofs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from PIL import Image
from pypdf import PdfWriter

from cesp.accounts.enums import Role
from cesp.requests.proofs import CheckedProof, check_upload
from tests.factories import ContractEventFactory, ContractFactory, OrganisationFactory, UserFactory

#: The frozen day of these tests.
TODAY = dt.date(2026, 12, 2)
THESIS = dt.date(2026, 11, 20)


def pdf_bytes() -> bytes:
    """A one-page PDF (pypdf writes it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


class Upload(io.BytesIO):
    """What Django hands a form for an uploaded file: bytes with a name and a size."""

    def __init__(self, content: bytes, name: str = "justificatif.pdf") -> None:
        super().__init__(content)
        self.name = name
        self.size = len(content)


def proof(name: str = "attestation.pdf") -> CheckedProof:
    return check_upload(Upload(pdf_bytes(), name))


def organisations() -> dict:
    return {
        "ufr": OrganisationFactory(ufr=True, code="ufr-montpellier", region_code="76"),
        "ars": OrganisationFactory(ars=True, code="ars-occitanie", region_code="76"),
        "ars_bretagne": OrganisationFactory(ars=True, code="ars-bretagne", region_code="53"),
        "national": OrganisationFactory(national=True, code="asp"),
    }


def bodies(orgs: dict) -> dict:
    return {
        "ufr": UserFactory(username="ufr", role=Role.UFR_AGENT, organisation=orgs["ufr"]),
        "ars": UserFactory(username="dgars", role=Role.ARS_DIRECTOR, organisation=orgs["ars"]),
        "ars_referent": UserFactory(
            username="referent", role=Role.ARS_REFERENT, organisation=orgs["ars"]
        ),
        "ars_bretagne": UserFactory(
            username="dgars-bretagne", role=Role.ARS_DIRECTOR, organisation=orgs["ars_bretagne"]
        ),
        "national": UserFactory(
            username="gestionnaire", role=Role.NATIONAL_AGENT, organisation=orgs["national"]
        ),
    }


def graduate_contract(ufr, username: str = "signataire"):
    """Thesis and DES obtained, not yet practising: may ask for a deferral."""
    student = UserFactory(username=username, student=True, email=f"{username}@example.org")
    contract = ContractFactory(signatory=student, ufr=ufr)
    ContractEventFactory(contract=contract, type="des", date=dt.date(2026, 10, 15))
    ContractEventFactory(contract=contract, type="thesis", date=THESIS)
    return contract


def intern_contract(ufr, internship_start: dt.date, username: str = "interne"):
    """Signed in the 2nd cycle, intern since ``internship_start``."""
    student = UserFactory(username=username, student=True, email=f"{username}@example.org")
    contract = ContractFactory(signatory=student, ufr=ufr)
    ContractEventFactory(contract=contract, type="internship_start", date=internship_start)
    return contract


def practising_contract(ufr, username: str = "praticien"):
    contract = graduate_contract(ufr, username)
    ContractEventFactory(
        contract=contract,
        type="practice",
        date=None,
        start=dt.date(2026, 12, 1),
        zone_share=Decimal(1),
        commune_code="34172",
    )
    return contract
