"""The breach documents (workflows-payments.md §4.2), rendered and archived by the kernel
(``cesp.core.documents``): each is a PDF kept with its SHA-256 and the facts it was made
from; what proves its sending and receipt is on ``models.Dispatch``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cesp.core.documents import kinds
from cesp.core.documents.models import Document
from cesp.core.documents.services import Fact, render_document

from . import permissions
from .enums import DispatchKind

STATEMENT = "breach_statement"
REPORT = "breach_report"
FILING_RECEIPT = "breach_filing_receipt"

#: Every kind of breach document; whoever sees the case reads its documents.
KIND_LABELS: dict[str, str] = {
    **{f"breach_{kind.value}": kind.label for kind in DispatchKind},
    STATEMENT: "Décompte des sommes dues après rupture",
    REPORT: "Signalement de l'ARS",
    FILING_RECEIPT: "Accusé de dépôt en ligne (observations ou recours)",
}


def register_kinds() -> None:
    for code, label in KIND_LABELS.items():
        kinds.register(code, label, can_view=permissions.can_view_case)


def archive(
    case: Any,
    code: str,
    title: str,
    paragraphs: Sequence[str],
    user: Any,
    *,
    facts: Sequence[Fact] = (),
    sums: Any = None,
) -> Document:
    """Render one breach document (``breach/document_pdf.html``) and archive it."""
    return render_document(
        code,
        "breach/document_pdf.html",
        {
            "case_reference": case.reference,
            "contract_reference": case.contract.reference,
            "signatory": case.contract.signatory_name,
            "paragraphs": list(paragraphs),
            "sums": sums,
        },
        subject=case,
        facts=[Fact.of("Dossier de rupture", [case]), Fact.of("Contrat", [case.contract]), *facts],
        user=user,
        title=title,
        filename=f"{case.reference}-{code}",
    )
