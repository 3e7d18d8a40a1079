"""Rows of the contract list with their figures, and their export to CSV / XLSX.

Every figure comes from the rules engine (``figures.rows``): a row holds the contract
(facts) and the engine's result; columns only read them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cesp.core.geography import region_name
from cesp.rules.vocabulary import regime_label, status_label

from .figures import Row


def _figure(*path: str) -> Callable[[Row], Any]:
    def read(row: Row) -> Any:
        value: Any = row.result
        for key in path:
            if not isinstance(value, dict):
                return ""
            value = value.get(key)
        return "" if value is None else value

    return read


def _regime_label(row: Row) -> str:
    code = _figure("regime")(row)
    return regime_label(code) if code else ""


def _status_label(row: Row) -> str:
    if row.error:
        return f"Erreur : {row.error}"
    return status_label(row.status)


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Row], Any]
    money: bool = False


COLUMNS: dict[str, Column] = {
    "reference": Column("Référence", lambda r: r.contract.reference),
    "signatory": Column(
        "Signataire",
        lambda r: "" if r.contract.signatory_name == "—" else r.contract.signatory_name,
    ),
    "profession": Column("Profession", lambda r: r.contract.get_profession_display()),
    "category": Column("Catégorie", lambda r: r.contract.get_category_display()),
    "campaign_year": Column("Campagne", lambda r: r.contract.campaign_year),
    "signature_date": Column("Date de signature", lambda r: r.contract.signature_date),
    "ufr": Column("UFR", lambda r: r.contract.ufr.name if r.contract.ufr else ""),
    "region": Column(
        "Région de suivi",
        lambda r: region_name(r.contract.followup_region) or r.contract.followup_region,
    ),
    "specialty": Column("Spécialité", lambda r: r.contract.specialty),
    "status": Column("Statut", _status_label),
    "regime": Column("Régime", _regime_label),
    "allocation_months": Column("Mois d'allocation", _figure("allocation", "months")),
    "gross_total": Column("Allocations brutes (€)", _figure("allocation", "gross_total"), True),
    "net_total": Column("Allocations nettes (€)", _figure("allocation", "net_total"), True),
    "months_due": Column("Mois d'engagement dus", _figure("engagement", "months_due")),
    "months_served": Column("Mois effectués", _figure("engagement", "months_served")),
    "months_remaining": Column(
        "Mois restants", lambda r: "" if r.remaining is None else r.remaining
    ),
}
DEFAULT_COLUMNS = (
    "reference",
    "signatory",
    "profession",
    "campaign_year",
    "ufr",
    "region",
    "status",
    "allocation_months",
    "months_due",
    "months_remaining",
)

#: Cells starting with these are read as formulas by spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(column: Column, row: Row) -> Any:
    value = column.value(row)
    if column.money and value != "":
        return Decimal(str(value))
    return value


def _safe_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except Exception:
        return False
    return True


def to_csv(rows: Iterable[Row], columns: list[str]) -> bytes:
    """CSV, UTF-8 with a byte-order mark (so spreadsheets read accents), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([COLUMNS[c].label for c in columns])
    for row in rows:
        writer.writerow([_safe_text(_cell(COLUMNS[c], row)) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[Row], columns: list[str]) -> bytes:
    """An Excel workbook: one sheet, a bold header, typed cells (dates, numbers, euros)."""
    from openpyxl import Workbook  # heavy: loaded only when an XLSX is asked for
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Contrats"
    sheet.append([COLUMNS[c].label for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for c in columns:
            value = _cell(COLUMNS[c], row)
            if isinstance(value, str):
                value = _safe_text(value)
            values.append(value)
        sheet.append(values)
    for index, c in enumerate(columns, start=1):
        if COLUMNS[c].money:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
