"""Import existing contracts from a file in the cohort format (interfaces.md §2),
plus the columns a contract needs; all-or-nothing, dry run first.

The kernel's reader (``cesp.core.tabular``) reads CSV, XLSX or their .gz within limits;
every problem becomes an ``Issue`` of the report naming the line and the column, in
French. The dry run checks what the commit would store (the columns' lengths included),
so a file it accepts commits. Nothing is written unless the whole file is clean (one
transaction). See docs/platform.md for the column list and the choices made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from cesp.core.geography import commune_code_error
from cesp.core.tabular import Report, Row, TabularError, read_table, text_problem
from cesp.rules.errors import SituationError

from . import plausibility
from .enums import BreachCause, Category, Profession, RegimeOverride
from .figures import evaluate_situation
from .models import Contract, ContractEvent

#: interfaces.md §2, in its order.
COHORT_COLUMNS = (
    "profile_id", "profession", "status", "deceased", "birth_date", "signature_date",
    "bridge_entry", "bridge_origin", "signature_region", "phase", "specialty",
    "allocation_months", "engagement_months", "planned_region", "thesis_date", "des_date",
    "installation_date", "breach_date", "installation_commune",
)  # fmt: skip
#: What a contract needs beyond the cohort format (all optional).
EXTRA_COLUMNS = (
    "reference", "category", "campaign_year", "ufr", "followup_region", "regime",
    "breach_cause", "zone_share", "internship_start_date",
    "signatory_last_name", "signatory_first_name",
)  # fmt: skip
REQUIRED_COLUMNS = ("profile_id", "profession", "signature_date")
ALLOWED_COLUMNS = frozenset(COHORT_COLUMNS + EXTRA_COLUMNS)
#: Derived figures of the cohort format: the rules recompute them, never stored.
DERIVED_COLUMNS = ("phase", "allocation_months", "engagement_months")

REGION_RE = re.compile(r"\d{2}")


@dataclass
class ContractRow:
    """One valid row: the contract's fields and its events (as service data)."""

    line: int
    contract: dict[str, Any]
    ufr_code: str
    events: list[dict[str, Any]]


@dataclass
class ImportReport(Report):
    """The kernel's report of issues, with the rows to store and what was stored."""

    rows: list[ContractRow] = field(default_factory=list)
    created: int = 0
    committed: bool = False

    def to_text(self) -> str:
        lines = []
        if self.errors:
            lines.append(f"{len(self.errors)} erreur(s) : rien n'a été importé.")
            lines += [f"  - {issue}" for issue in self.errors]
        elif self.committed:
            lines.append(f"{self.created} contrat(s) importé(s).")
        else:
            lines.append(
                f"Essai à blanc : {len(self.rows)} contrat(s) seraient importés "
                "(relancez avec --commit pour écrire)."
            )
        if self.notices:
            lines.append(f"{len(self.notices)} remarque(s) :")
            lines += [f"  - {issue}" for issue in self.notices]
        return "\n".join(lines)


def read_rows(rows: list[Row], report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """Check the header and the widths; (line number, row) pairs of the non-blank rows."""
    header = [name.strip() for name in rows[0].cells]
    for name in header:
        if name not in ALLOWED_COLUMNS:
            report.error(1, name, "colonne inconnue.")
    for name in REQUIRED_COLUMNS:
        if name not in header:
            report.error(1, name, "colonne obligatoire absente.")
    duplicates = {name for name in header if header.count(name) > 1}
    for name in sorted(duplicates):
        report.error(1, name, "colonne en double.")
    if not report.ok:
        return []
    out = []
    for row in rows[1:]:
        if row.blank:
            continue
        if len(row.cells) != len(header):
            report.error(
                row.line,
                "",
                f"{len(row.cells)} champ(s) au lieu de {len(header)} (ligne tronquée ?).",
            )
            continue
        cells = {name: cell.strip() for name, cell in zip(header, row.cells, strict=True)}
        out.append((row.line, cells))
    return out


class _Row:
    """Typed access to one row's cells, collecting issues instead of raising."""

    def __init__(self, line: int, cells: dict[str, str], report: ImportReport) -> None:
        self.line, self.cells, self.report, self.failed = line, cells, report, False

    def error(self, column: str, message: str) -> None:
        self.failed = True
        self.report.error(self.line, column, message)

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def date(self, column: str, required: bool = False) -> date | None:
        value = self.text(column)
        if not value:
            if required:
                self.error(column, "valeur obligatoire.")
            return None
        try:
            return date.fromisoformat(value) if len(value) == 10 else _bad_date()
        except ValueError:
            self.error(column, f"date impossible ou mal écrite : « {value} » (AAAA-MM-JJ).")
            return None

    def choice(self, column: str, allowed: list[str], default: str = "") -> str:
        value = self.text(column) or default
        if value and value not in allowed:
            self.error(column, f"valeur « {value} » inconnue ; attendu : {', '.join(allowed)}.")
        return value

    def flag(self, column: str) -> bool | None:
        value = self.text(column)
        if value in ("", None):
            return None
        if value not in ("0", "1"):
            self.error(column, f"« {value} » : attendu 1 ou 0.")
            return None
        return value == "1"

    def code(self, column: str, pattern: re.Pattern, what: str) -> str:
        value = self.text(column)
        if value and not pattern.fullmatch(value):
            self.error(column, f"« {value} » n'est pas un code {what}.")
        return value


def _bad_date() -> date:
    raise ValueError


def default_campaign_year(signature: date) -> int:
    """Campaign of a signature: the academic year it falls in (September starts it).

    Choice documented in docs/platform.md: lists are drawn in December–January and
    contracts signed in the following months, so a signature in January–August of
    year Y belongs to campaign Y−1 (academic year Y−1/Y).
    """
    return signature.year if signature.month >= 9 else signature.year - 1


def default_category(profession: str) -> str:
    """Category when the file has none: PADHUE for PADHUE professions, else 2nd cycle."""
    return Category.PADHUE if profession.startswith("padhue") else Category.SECOND_CYCLE


def parse_row(line: int, cells: dict[str, str], report: ImportReport) -> ContractRow | None:
    row = _Row(line, cells, report)
    profile = row.text("profile_id")
    if not profile:
        row.error("profile_id", "identifiant obligatoire.")
        return None
    others = [v for k, v in cells.items() if k != "profile_id"]
    if not any(others):
        report.info(line, "", f"profil {profile} sans données : ignoré.")
        return None
    status = row.choice("status", ["signed", "withdrawn_before_signature"], "signed")
    if status == "withdrawn_before_signature":
        report.info(line, "status", f"profil {profile} retiré avant signature : ignoré.")
        return None
    profession = row.choice("profession", Profession.values)
    if not profession:
        row.error("profession", "valeur obligatoire.")
    signature = row.date("signature_date", required=True)
    category = row.choice("category", Category.values, default_category(profession or ""))
    campaign = None
    if row.text("campaign_year"):
        value = row.text("campaign_year")
        if not value.isdigit() or not 2009 <= int(value) <= 2100:
            row.error("campaign_year", f"« {value} » : année attendue (2009 à 2100).")
        else:
            campaign = int(value)
    elif signature:
        campaign = default_campaign_year(signature)
    regime = row.choice("regime", [v for v in RegimeOverride.values if v] + ["auto"], "auto")
    deceased = row.flag("deceased")
    bridge = row.flag("bridge_entry")
    bridge_origin = row.choice("bridge_origin", ["health_social", "other"])
    signature_region = row.code("signature_region", REGION_RE, "région INSEE")
    followup = row.code("followup_region", REGION_RE, "région INSEE") or signature_region
    planned = row.code("planned_region", REGION_RE, "région INSEE")
    commune = row.text("installation_commune")
    if commune and (error := commune_code_error(commune)):
        row.error("installation_commune", error)
    birth = row.date("birth_date")
    events: list[dict[str, Any]] = []
    columns: list[str] = []

    def add(column: str, data: dict[str, Any]) -> None:
        events.append(data)
        columns.append(column)

    if (day := row.date("internship_start_date")) is not None:
        add("internship_start_date", {"type": "internship_start", "date": day})
    if (day := row.date("des_date")) is not None:
        add("des_date", {"type": "des", "date": day})
    if (day := row.date("thesis_date")) is not None:
        add("thesis_date", {"type": "thesis", "date": day})
    if (day := row.date("installation_date")) is not None:
        share = Decimal(1)
        if row.text("zone_share"):
            try:
                share = Decimal(row.text("zone_share"))
                if not 0 <= share <= 1:
                    raise InvalidOperation
            except InvalidOperation:
                row.error("zone_share", f"« {row.text('zone_share')} » : nombre entre 0 et 1.")
        add("installation_date", {"type": "practice", "start": day, "zone_share": share,
                                  "commune_code": commune})  # fmt: skip
    breach_day = row.date("breach_date")
    cause = row.choice("breach_cause", BreachCause.values)
    if deceased and not cause:
        cause = BreachCause.DEATH
    if breach_day is not None:
        add("breach_date", {"type": "breach", "date": breach_day, "cause": cause or "voluntary"})
    elif deceased:
        report.info(line, "deceased", "décès sans date (breach_date vide) : non enregistré.")
    if row.failed or signature is None or campaign is None:
        return None
    reference_column = "reference" if row.text("reference") else "profile_id"
    contract = {
        "reference": row.text("reference") or profile,
        "profession": profession,
        "category": category,
        "campaign_year": campaign,
        "signature_date": signature,
        "followup_region": followup,
        "regime_override": "" if regime == "auto" else regime,
        "specialty": row.text("specialty"),
        "signatory_last_name": row.text("signatory_last_name"),
        "signatory_first_name": row.text("signatory_first_name"),
        "birth_date": birth,
        "bridge_entry": bridge,
        "bridge_origin": bridge_origin,
        "planned_region": planned,
    }
    _check_lengths(row, contract, events, columns, reference_column)
    _check_plausible(row, contract, events, columns)
    if row.failed or not _rules_accept(row, contract, events, columns):
        return None
    return ContractRow(line, contract, row.text("ufr"), events)


#: The column of the file a stored text comes from, where the names differ.
SOURCE_COLUMN = {"followup_region": "followup_region", "regime_override": "regime"}


def _check_lengths(
    row: _Row, contract: dict, events: list[dict], columns: list[str], reference_column: str
) -> None:
    """What the commit would store fits its columns (PostgreSQL refuses an overlong text
    that SQLite stores): checked here so that a dry run that passes commits."""
    for name, value in contract.items():
        field_ = Contract._meta.get_field(name)
        if isinstance(value, str) and (problem := text_problem(value, field_.max_length)):
            column = reference_column if name == "reference" else SOURCE_COLUMN.get(name, name)
            row.error(column, problem)
    for event, column in zip(events, columns, strict=True):
        for name, value in event.items():
            field_ = ContractEvent._meta.get_field(name)
            if isinstance(value, str) and (problem := text_problem(value, field_.max_length)):
                row.error(column, problem)


def _check_plausible(row: _Row, contract: dict, events: list[dict], columns: list[str]) -> None:
    """The facts the models would refuse as implausible (``plausibility``), refused here
    with their column, so that the dry run and the commit agree."""
    signature = contract["signature_date"]
    problems = {
        **plausibility.signature_problems(signature, timezone.localdate()),
        **plausibility.birth_problems(contract["birth_date"], signature),
        **plausibility.region_problems(
            followup_region=contract["followup_region"], planned_region=contract["planned_region"]
        ),
    }
    for field_name, messages in problems.items():
        row.error(SOURCE_COLUMN.get(field_name, field_name), " ".join(messages))
    for event, column in zip(events, columns, strict=True):
        dates = {name: event.get(name) for name in ("date", "start", "end")}
        for messages in plausibility.event_date_problems(signature, **dates).values():
            row.error(column, " ".join(messages))


def _rules_accept(row: _Row, contract: dict, events: list[dict], columns: list[str]) -> bool:
    """Check the row's facts with the rules; a refusal points at the source column."""
    situation = {
        "profession": contract["profession"],
        "category": contract["category"],
        "campaign_year": contract["campaign_year"],
        "signature_date": contract["signature_date"],
        "regime": contract["regime_override"] or "auto",
        "events": [_situation_event(e) for e in events],
    }
    try:
        evaluate_situation(situation)
    except SituationError as exc:
        match = re.match(r"events\[(\d+)\]", exc.field or "")
        column = columns[int(match.group(1))] if match else (exc.field or "")
        column = {"campaign_year": "campaign_year"}.get(column, column)
        row.error(column, f"{exc.message} (règle : {exc.rule}).")
        return False
    return True


def _situation_event(event: dict[str, Any]) -> dict[str, Any]:
    if event["type"] == "practice":
        return {"type": "practice", "from": event["start"], "to": None,
                "zone_share": str(event["zone_share"])}  # fmt: skip
    item = {"type": event["type"], "date": event["date"]}
    if event["type"] == "breach":
        item["cause"] = event["cause"]
    return item


def parse_file(data: bytes, filename: str = "contrats.csv") -> ImportReport:
    """Read and check the whole file (CSV, XLSX or .gz); nothing is written here."""
    report = ImportReport()
    try:
        table = read_table(data, filename)
    except TabularError as error:
        report.add(error.issue)
        return report
    seen: dict[str, int] = {}
    for line, cells in read_rows(table.rows, report):
        profile = cells.get("profile_id", "")
        if profile and profile in seen:
            report.error(line, "profile_id", f"« {profile} » déjà vu ligne {seen[profile]}.")
            continue
        seen[profile] = line
        parsed = parse_row(line, cells, report)
        if parsed is not None:
            report.rows.append(parsed)
    return report
