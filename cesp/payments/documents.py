"""The signatory's payment documents, made from the ledger's lines and the contract's facts
(workflows-payments.md §2.5, §2.9-12; the 2018 survey asks for a CESP income attestation,
seed 001 §12; banks, CROUS/CAF and the tax return need one, seed 003):

- the **monthly statement** (« relevé mensuel »): the lines paid in one calendar month;
- the **annual income attestation**: the lines paid in one calendar year, per month and
  in total (gross, CSG deductible and not, CRDS, net, net taxable, withholding at source),
  the year in which a sum is received being the year it is declared (CGI art. 12; the
  month covered is shown beside it: arrears received in January cover the year before);
- the **contract status certificate**: the contract's status and allocation on a day,
  from the rules.

Each is shown as a page and downloadable as a PDF archived by the kernel
(``render_document``: SHA-256, the facts it was made from). Who may read them:
``contracts.permissions.can_view_payments`` (the signatory and the national manager).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.contracts.permissions import can_view_payments
from cesp.core.documents import kinds
from cesp.core.documents.models import Document
from cesp.core.documents.services import Fact, render_document
from cesp.rules.errors import SituationError
from cesp.rules.months import Month
from cesp.rules.payments import month_text
from cesp.rules.vocabulary import status_label

from . import ledger
from .models import PaymentLine

ZERO = Decimal("0.00")

STATEMENT = kinds.register(
    "payment_statement", "Relevé mensuel des versements de l'allocation", can_view_payments
)
ATTESTATION = kinds.register(
    "income_attestation", "Attestation annuelle des sommes versées", can_view_payments
)
CERTIFICATE = kinds.register(
    "contract_certificate", "Attestation de situation du contrat", can_view_payments
)

COLUMNS = ("gross", "csg_deductible", "csg_other", "crds", "net", "taxable", "pas", "received")
COLUMN_LABELS = {
    "gross": "Brut",
    "csg_deductible": "CSG déductible",
    "csg_other": "CSG non déductible",
    "crds": "CRDS",
    "net": "Net",
    "taxable": "Net imposable",
    "pas": "Prélèvement à la source",
    "received": "Net versé",
}


@dataclass(frozen=True)
class Row:
    """One line of the ledger as the documents show it (amounts may be unknown: the CNG's
    history does not always give the split of contributions)."""

    covered: str
    kind: str
    paid_on: date | None
    amounts: dict[str, Decimal | None]

    @classmethod
    def of(cls, line: PaymentLine) -> Row:
        csg_other = None
        if line.csg is not None and line.csg_deductible is not None:
            csg_other = line.csg - line.csg_deductible
        amounts = {
            "gross": line.gross,
            "csg_deductible": line.csg_deductible,
            "csg_other": csg_other,
            "crds": line.crds,
            "net": line.net,
            "taxable": line.taxable,
            "pas": line.pas,
            "received": line.net - line.pas,
        }
        return cls(month_text(Month.of(line.month)), line.get_kind_display(), line.paid_on, amounts)

    @property
    def cells(self) -> list[Decimal | None]:
        return [self.amounts[name] for name in COLUMNS]


@dataclass
class Totals:
    label: str
    sums: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(COLUMNS, ZERO))
    unknown: int = 0  # lines whose split of contributions is not known
    lines: int = 0

    def add(self, row: Row) -> None:
        self.lines += 1
        if any(value is None for value in row.amounts.values()):
            self.unknown += 1
        for name in COLUMNS:
            value = row.amounts[name]
            if value is not None:
                self.sums[name] += value

    @property
    def cells(self) -> list[Decimal]:
        return [self.sums[name] for name in COLUMNS]


@dataclass
class PaymentDocument:
    """A statement or an attestation: its title, who, the rows, per-month totals, total."""

    title: str
    period: str
    contract: Contract
    signatory: str
    issued_on: date
    rows: list[Row]
    months: list[Totals]
    total: Totals
    line_ids: tuple[int, ...]

    @property
    def headers(self) -> list[str]:
        return [COLUMN_LABELS[name] for name in COLUMNS]

    @property
    def unknown_note(self) -> str:
        if not self.total.unknown:
            return ""
        return (
            f"{self.total.unknown} ligne(s) reprise(s) de l'historique du CNG sans le détail "
            "des contributions : leurs montants CSG, CRDS et net imposable ne sont pas connus "
            "et ne sont pas comptés dans ces colonnes."
        )


def _paid_lines(contract: Contract, start: date, end: date) -> list[PaymentLine]:
    return list(
        PaymentLine.objects.filter(
            contract=contract, paid_on__gte=start, paid_on__lte=end
        ).order_by("paid_on", "month", "kind", "sequence")
    )


def _document(
    contract: Contract, title: str, period: str, lines: list[PaymentLine], issued_on: date
) -> PaymentDocument:
    rows = [Row.of(line) for line in lines]
    per_month: dict[Month, Totals] = {}
    total = Totals("Total")
    for row in rows:
        month = Month.of(row.paid_on)
        if month not in per_month:
            per_month[month] = Totals(f"Versé en {month_text(month)}")
        per_month[month].add(row)
        total.add(row)
    return PaymentDocument(
        title=title,
        period=period,
        contract=contract,
        signatory=contract.signatory_name,
        issued_on=issued_on,
        rows=rows,
        months=[per_month[key] for key in sorted(per_month)],
        total=total,
        line_ids=tuple(line.pk for line in lines),
    )


def statement_for(contract: Contract, month: Month, issued_on: date) -> PaymentDocument:
    """The lines paid in ``month`` (its calendar days)."""
    lines = _paid_lines(contract, month.first_day(), month.last_day())
    return _document(
        contract,
        f"Relevé des versements de l'allocation — {month_text(month)}",
        month_text(month),
        lines,
        issued_on,
    )


def attestation_for(contract: Contract, year: int, issued_on: date) -> PaymentDocument:
    """The lines paid in ``year``, per month of payment and in total."""
    lines = _paid_lines(contract, date(year, 1, 1), date(year, 12, 31))
    return _document(
        contract,
        f"Attestation des sommes versées en {year} au titre de l'allocation du CESP",
        f"année {year}",
        lines,
        issued_on,
    )


@dataclass
class Certificate:
    contract: Contract
    issued_on: date
    lines: list[str]

    @property
    def title(self) -> str:
        return "Attestation de situation du contrat d'engagement de service public"


def certificate_for(contract: Contract, issued_on: date) -> Certificate:
    """The contract's facts and, from the rules, its status and allocation on ``issued_on``."""
    out = [
        f"Contrat {contract.reference}, signé le {contract.signature_date:%d/%m/%Y} par "
        f"{contract.signatory_name}.",
        f"Profession : {contract.get_profession_display()} ; catégorie à la signature : "
        f"{contract.get_category_display()} ; année universitaire {contract.campaign_year}-"
        f"{contract.campaign_year + 1}.",
    ]
    try:
        result = figures.figures(contract, issued_on)
    except SituationError:
        out.append(
            "Les faits enregistrés ne permettent pas d'établir la situation du contrat à "
            "cette date : le gestionnaire a été informé."
        )
        return Certificate(contract, issued_on, out)
    allocation = result.get("allocation") or {}
    out.append(f"Situation au {issued_on:%d/%m/%Y} : {status_label(result['status']).lower()}.")
    effect = allocation.get("effective_date")
    if effect:
        start = date.fromisoformat(str(effect))
        end = allocation.get("end_date")
        if end:
            period = f"du {start:%d/%m/%Y} au {date.fromisoformat(str(end)):%d/%m/%Y}"
        else:
            period = f"depuis le {start:%d/%m/%Y}"
        out.append(
            f"Allocation mensuelle : {period}, {allocation.get('months', 0)} mois dus à cette date."
        )
    received = ledger.net_received([contract.pk]).get(contract.pk, ZERO)
    out.append(f"Allocation nette reçue à cette date : {_euros(received)}.")
    engagement = result.get("engagement") or {}
    if result.get("breach"):
        out.append(
            f"Contrat rompu le {date.fromisoformat(str(result['breach']['date'])):%d/%m/%Y}."
        )
    elif engagement:
        out.append(
            f"Engagement : {engagement.get('months_due', 0)} mois dus, "
            f"{engagement.get('months_served', 0)} accomplis, "
            f"{engagement.get('months_remaining', 0)} restant à accomplir."
        )
    return Certificate(contract, issued_on, out)


def _euros(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} €"


def _archive(
    kind, template: str, context: dict[str, Any], contract, user, title, filename, facts
) -> Document:
    return render_document(
        kind.code,
        template,
        context,
        subject=contract,
        facts=facts,
        user=user,
        title=title,
        filename=filename,
    )


def _archive_amounts(kind, document: PaymentDocument, user, filename: str) -> Document:
    """A statement or an attestation: its lines of payment are the facts it rests on."""
    return _archive(
        kind,
        "payments/documents/amounts_pdf.html",
        {"doc": document},
        document.contract,
        user,
        document.title,
        filename,
        [
            Fact.of("Contrat", [document.contract]),
            Fact("Lignes de paiement", "payments.paymentline", document.line_ids),
        ],
    )


def archive_statement(contract: Contract, month: Month, user, issued_on: date) -> Document:
    document = statement_for(contract, month, issued_on)
    return _archive_amounts(STATEMENT, document, user, f"releve-{contract.reference}-{month}")


def archive_attestation(contract: Contract, year: int, user, issued_on: date) -> Document:
    document = attestation_for(contract, year, issued_on)
    filename = f"attestation-revenus-{contract.reference}-{year}"
    return _archive_amounts(ATTESTATION, document, user, filename)


def archive_certificate(contract: Contract, user, issued_on: date) -> Document:
    certificate = certificate_for(contract, issued_on)
    return _archive(
        CERTIFICATE,
        "payments/documents/certificate_pdf.html",
        {"certificate": certificate},
        contract,
        user,
        certificate.title,
        f"attestation-situation-{contract.reference}",
        [Fact.of("Contrat", [contract])],
    )
