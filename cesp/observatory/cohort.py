"""Strict reader of the cohort file (interfaces.md §2), no Django.

One row per signatory profile, UTF-8, comma (or semicolon), header row, empty cell =
unknown. The file is read by the kernel's reader (``cesp.core.tabular``: CSV, XLSX or
.gz, within limits); a file it cannot read is a :class:`CohortError`.
Every problem becomes an :class:`Issue` naming the line (the header is line 1) and the
column. Lenient mode (the default) sets the faulty rows aside and counts why; strict
mode raises :class:`CohortError` with every issue found.

Choices (docs/observatory.md): an unknown column is ignored in lenient mode and
reported; a missing column is always fatal; of two rows with the same ``profile_id``
the first is kept and the later ones are set aside; an empty ``status`` means signed
and an empty ``deceased`` means alive (a profile of the ARS file is a signatory unless
recorded otherwise).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from cesp.core.tabular import (
    Issue,
    Report,
    Row,
    Severity,
    TabularError,
    read_file,
    read_table,
    read_text,
)
from cesp.observatory import geo
from cesp.rules import vocabulary

COLUMNS: tuple[str, ...] = (
    "profile_id",
    "profession",
    "status",
    "deceased",
    "birth_date",
    "signature_date",
    "bridge_entry",
    "bridge_origin",
    "signature_region",
    "phase",
    "specialty",
    "allocation_months",
    "engagement_months",
    "planned_region",
    "thesis_date",
    "des_date",
    "installation_date",
    "breach_date",
    "installation_commune",
)
PROFESSIONS = frozenset(vocabulary.PROFESSIONS)
STATUSES = frozenset({"signed", "withdrawn_before_signature"})
PHASES: tuple[str, ...] = ("completed", "installed", "studies", "broken")
PHASE_SET = frozenset(PHASES)
BRIDGE_ORIGINS = frozenset({"health_social", "other"})
# INSEE region codes (COG): metropolitan and overseas regions.
REGIONS = frozenset(
    {
        "01",
        "02",
        "03",
        "04",
        "06",
        "11",
        "24",
        "27",
        "28",
        "32",
        "44",
        "52",
        "53",
        "75",
        "76",
        "84",
        "93",
        "94",
    }
)
DATE_COLUMNS = (
    "birth_date",
    "signature_date",
    "thesis_date",
    "des_date",
    "installation_date",
    "breach_date",
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SLUG_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_MAX_MONTHS = 600


class CohortError(Exception):
    """The file cannot be analysed (strict mode, or a fatal header problem)."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        shown = "\n".join(f"  - {issue}" for issue in issues[:50])
        more = f"\n  … et {len(issues) - 50} autres" if len(issues) > 50 else ""
        super().__init__(
            f"fichier de cohorte invalide ({len(issues)} problème(s)) :\n{shown}{more}"
        )


@dataclass(frozen=True, slots=True)
class CohortRow:
    """One signatory profile; ``None`` is an unknown value."""

    line: int
    profile_id: str
    profession: str | None = None
    status: str | None = None
    deceased: bool | None = None
    birth_date: date | None = None
    signature_date: date | None = None
    bridge_entry: bool | None = None
    bridge_origin: str | None = None
    signature_region: str | None = None
    phase: str | None = None
    specialty: str | None = None
    allocation_months: int | None = None
    engagement_months: int | None = None
    planned_region: str | None = None
    thesis_date: date | None = None
    des_date: date | None = None
    installation_date: date | None = None
    breach_date: date | None = None
    installation_commune: str | None = None
    without_data: bool = False

    @property
    def is_signed(self) -> bool:
        return self.status != "withdrawn_before_signature"


@dataclass
class Cohort:
    """The clean rows, and what was set aside and why."""

    rows: list[CohortRow]
    issues: list[Issue] = field(default_factory=list)
    set_aside: Counter[str] = field(default_factory=Counter)
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    notes: list[Issue] = field(default_factory=list)

    @property
    def report(self) -> Report:
        """The kernel's report: rows set aside (errors), columns ignored and codes replaced."""
        return Report(self.issues + self.notes)

    def quality(self) -> dict:
        return {
            "rows_read": self.rows_read,
            "rows_used": len(self.rows),
            "rows_set_aside": self.rows_read - len(self.rows),
            "set_aside_by_reason": dict(sorted(self.set_aside.items())),
            "ignored_columns": self.ignored_columns,
            "issues": [
                {"line": i.line, "column": i.column, "value": i.value, "message": i.message}
                for i in self.issues[:200]
            ],
            "issues_total": len(self.issues),
            "notes": [
                {"line": i.line, "column": i.column, "value": i.value, "message": i.message}
                for i in self.notes[:200]
            ],
            "notes_total": len(self.notes),
        }


_INDEX = {name: i for i, name in enumerate(COLUMNS)}


class _RowParser:
    """Parses the cells of one row (in ``COLUMNS`` order), collecting issues.

    Validators are only called on non-empty cells: an empty cell is unknown (None).
    """

    def __init__(self, line: int, values: list[str]) -> None:
        self.line = line
        self.values = values
        self.issues: list[Issue] = []
        self.notes: list[Issue] = []

    def fail(self, column: str, reason: str, message: str) -> None:
        value = self.values[_INDEX[column]]
        self.issues.append(Issue(self.line, column, message, value=value, reason=reason))

    def choice(self, column: str, value: str, allowed: frozenset[str]) -> str | None:
        if value in allowed:
            return value
        self.fail(column, "bad_value", f"valeur inconnue, attendu : {', '.join(sorted(allowed))}")
        return None

    def flag(self, column: str, value: str) -> bool | None:
        if value == "1":
            return True
        if value == "0":
            return False
        self.fail(column, "bad_value", "attendu 0 ou 1")
        return None

    def day(self, column: str, value: str) -> date | None:
        if not (len(value) == 10 and value.isascii() and _DATE_RE.match(value)):
            self.fail(column, "bad_date", "date attendue au format AAAA-MM-JJ")
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(column, "bad_date", "date impossible")
            return None
        if not 1900 <= parsed.year <= 2100:
            self.fail(column, "bad_date", "année hors de 1900–2100")
            return None
        return parsed

    def months(self, column: str, value: str) -> int | None:
        if not value.isascii() or not value.isdigit():
            self.fail(column, "bad_number", "nombre entier de mois attendu (≥ 0)")
            return None
        number = int(value)
        if number > _MAX_MONTHS:
            self.fail(column, "bad_number", f"plus de {_MAX_MONTHS} mois")
            return None
        return number

    def region(self, column: str, value: str) -> str | None:
        if value in REGIONS:
            return value
        self.fail(column, "unknown_region", "code de région INSEE inconnu")
        return None

    def commune(self, column: str, value: str) -> str | None:
        if geo.is_known_commune(value):
            return value
        former = geo.current_code(value)
        if former is not None:  # an outdated code: replaced by the current one, and said
            current, kind = former
            message = f"code remplacé par le code actuel {current} ({kind})"
            self.notes.append(
                Issue(
                    self.line,
                    column,
                    message,
                    Severity.INFO,
                    value=value,
                    reason="former_commune_code",
                )
            )
            return current
        self.fail(column, "unknown_commune", "code commune INSEE inconnu")
        return None

    def parse(self) -> CohortRow:
        values = self.values
        (pid, profession, status, deceased, birth, signature, bridge, origin, s_region, phase,
         specialty, allocation, engagement, p_region, thesis, des, installation, breach,
         commune) = values  # fmt: skip
        if not any(values[1:]):
            return CohortRow(line=self.line, profile_id=pid, without_data=True)
        day = self.day
        bridge_entry = self.flag("bridge_entry", bridge) if bridge else None
        bridge_origin = self.choice("bridge_origin", origin, BRIDGE_ORIGINS) if origin else None
        if bridge_origin is not None and bridge_entry is False:
            self.fail(
                "bridge_origin", "inconsistent", "origine donnée alors que bridge_entry vaut 0"
            )
        if specialty and not _SLUG_RE.match(specialty):
            self.fail(
                "specialty", "bad_value", "identifiant attendu en minuscules (ex. psychiatrie)"
            )
        row = CohortRow(
            line=self.line,
            profile_id=pid,
            profession=self.choice("profession", profession, PROFESSIONS) if profession else None,
            status=self.choice("status", status, STATUSES) if status else None,
            deceased=self.flag("deceased", deceased) if deceased else None,
            birth_date=day("birth_date", birth) if birth else None,
            signature_date=day("signature_date", signature) if signature else None,
            bridge_entry=bridge_entry,
            bridge_origin=bridge_origin,
            signature_region=self.region("signature_region", s_region) if s_region else None,
            phase=self.choice("phase", phase, PHASE_SET) if phase else None,
            specialty=specialty or None,
            allocation_months=self.months("allocation_months", allocation) if allocation else None,
            engagement_months=self.months("engagement_months", engagement) if engagement else None,
            planned_region=self.region("planned_region", p_region) if p_region else None,
            thesis_date=day("thesis_date", thesis) if thesis else None,
            des_date=day("des_date", des) if des else None,
            installation_date=day("installation_date", installation) if installation else None,
            breach_date=day("breach_date", breach) if breach else None,
            installation_commune=self.commune("installation_commune", commune) if commune else None,
        )
        if row.birth_date and row.signature_date and row.birth_date >= row.signature_date:
            self.fail("birth_date", "inconsistent", "naissance postérieure à la signature")
        return row


def read_cohort(source: str | Path | IO[str], *, strict: bool = False) -> Cohort:
    """Read a cohort file; lenient by default, :class:`CohortError` when ``strict``."""
    try:
        if isinstance(source, (str, Path)):
            table = read_table(read_file(source), Path(source).name)
        else:
            table = read_text(source.read())
    except UnicodeDecodeError as error:
        raise CohortError(
            [
                Issue(
                    None, None, f"le fichier n'est pas en UTF-8 ({error.reason})", reason="encoding"
                )
            ]
        ) from error
    except TabularError as error:
        raise CohortError([dataclasses.replace(error.issue, reason="unreadable")]) from None
    return _read(table.rows, strict=strict)


def read_cohort_text(text: str, *, strict: bool = False) -> Cohort:
    try:
        table = read_text(text)
    except TabularError as error:
        raise CohortError([dataclasses.replace(error.issue, reason="unreadable")]) from None
    return _read(table.rows, strict=strict)


def _header(cells: list[str], strict: bool) -> tuple[list[str], list[str], list[Issue]]:
    header = [name.strip().lstrip("\ufeff") for name in cells]
    fatal: list[Issue] = []
    issues: list[Issue] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            fatal.append(Issue(1, name, "colonne en double", value=name, reason="duplicate_column"))
        seen.add(name)
    for name in COLUMNS:
        if name not in seen:
            fatal.append(Issue(1, name, "colonne obligatoire absente", reason="missing_column"))
    unknown = [name for name in header if name not in COLUMNS]
    for name in unknown:
        issues.append(
            Issue(
                1,
                name,
                "colonne inconnue (ignorée)",
                Severity.WARNING,
                value=name,
                reason="unknown_column",
            )
        )
    if fatal or (strict and issues):
        raise CohortError(fatal + issues)
    return header, unknown, issues


def _read(rows: list[Row], *, strict: bool) -> Cohort:
    header, unknown, issues = _header(rows[0].cells, strict)
    cohort = Cohort(rows=[], issues=issues, ignored_columns=unknown)
    first_line: dict[str, int] = {}
    width = len(header)
    order = [header.index(name) for name in COLUMNS]
    for record in rows[1:]:
        start, cells = record.line, record.cells
        if not cells:
            continue
        cohort.rows_read += 1
        row_issues = _check_row(start, cells, header, width, first_line)
        row = None
        if not row_issues:
            values = [cells[i] for i in order]
            values[0] = values[0].strip()
            parser = _RowParser(start, values)
            row = parser.parse()
            row_issues = parser.issues
            if not row_issues:
                cohort.notes.extend(parser.notes)
        if row_issues:
            cohort.issues.extend(row_issues)
            cohort.set_aside[row_issues[0].reason] += 1
            continue
        first_line[row.profile_id] = start  # type: ignore[union-attr]
        cohort.rows.append(row)  # type: ignore[arg-type]
    if strict and cohort.issues:
        raise CohortError(cohort.issues)
    return cohort


def _check_row(
    line: int, cells: list[str], header: list[str], width: int, first_line: dict[str, int]
) -> list[Issue]:
    if len(cells) != width:
        message = f"{len(cells)} champs au lieu de {width}"
        return [Issue(line, None, message, reason="wrong_field_count")]
    profile_id = cells[header.index("profile_id")].strip()
    if not profile_id:
        message = "identifiant de profil vide"
        return [Issue(line, "profile_id", message, reason="missing_profile_id")]
    if profile_id in first_line:
        message = f"profile_id déjà vu ligne {first_line[profile_id]}"
        return [Issue(line, "profile_id", message, value=profile_id, reason="duplicate_profile_id")]
    return []
