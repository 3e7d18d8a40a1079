"""Breach documents: real PDFs archived with their SHA-256; an appeal answered in the
signatory's favour gets a statement recalculated from the facts as they stand."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from cesp.breach import collection
from cesp.breach.enums import AppealOutcome, CaseState, DispatchKind
from cesp.core.documents.models import Document
from tests.breach.factories import letter_case, months, notified_case, pay, receive


def test_documents_are_real_archived_pdfs(people, real_pdf) -> None:
    case = letter_case(people.contract, people.national, dt.date(2026, 11, 2))
    document = case.dispatch(DispatchKind.ACKNOWLEDGEMENT).document
    content = bytes(document.content)
    assert content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.kind == "breach_acknowledgement"


def test_online_appeal_gets_a_filing_receipt(people) -> None:
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    receive(case, DispatchKind.NOTIFICATION, dt.date(2026, 11, 24), people.national)
    collection.file_appeal(people.student, case, text="Je conteste.")
    receipt = Document.objects.about(case).get(kind="breach_filing_receipt")
    assert "02/12/2026" in bytes(receipt.content).decode()


def test_granted_appeal_issues_a_recalculated_statement(people) -> None:
    pay(people.contract, months(dt.date(2022, 10, 1), 3))
    case = notified_case(
        people.contract, people.national, dt.date(2026, 11, 2), dt.date(2026, 11, 20)
    )
    receive(case, DispatchKind.NOTIFICATION, dt.date(2026, 11, 24), people.national)
    collection.file_appeal(people.student, case, text="Un versement manque au décompte.")
    first = case.statement()
    pay(people.contract, [dt.date(2023, 1, 1)])  # a payment found missing from the record
    collection.answer_appeal(
        people.national, case, outcome=AppealOutcome.PARTIAL, answer="Décompte revu."
    )
    case.refresh_from_db()
    assert case.state == CaseState.APPEAL_ANSWERED
    assert case.statements.count() == 2
    assert case.statement().refund - first.refund == Decimal("1085.63")
    assert case.appeals.get().outcome == AppealOutcome.PARTIAL
