"""Read and validate a zoning file (CSV or XLSX) before anything is written.

The validation report names the line and the column of every problem; the service
(``services.import_zoning``) writes nothing when the report holds an error.
Former commune codes (mergers, communes déléguées, PLM arrondissements) are mapped to
their current COG 2026 code and the report says so.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cesp.core import geography

from .zone_values import normalise_zone

COMMUNE_COLUMNS = (
    "insee_com",
    "code_commune",
    "code commune",
    "codgeo",
    "code_insee",
    "code insee",
    "code commune insee",
    "depcom",
    "com",
    "code",
)
ZONE_COLUMNS = ("zonage", "zone", "zonage_mg", "zonage_cd", "classe", "zonage ars", "zonage_ars")
MAX_HEADER_SEARCH = 20


@dataclass(frozen=True)
class Issue:
    """One problem of a file: where it is (line, column) and what it is, in French."""

    severity: str  # "erreur" | "avertissement" | "information"
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        prefix = f"{', '.join(where)} : " if where else ""
        return f"[{self.severity}] {prefix}{self.message}"


@dataclass
class ValidationReport:
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    assignments: dict[str, str] = field(default_factory=dict)  # commune code -> zone
    regions: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "erreur"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.issues.append(Issue("erreur", message, line, column))

    def warn(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.issues.append(Issue("avertissement", message, line, column))

    def info(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.issues.append(Issue("information", message, line, column))

    def as_text(self) -> str:
        head = (
            f"{self.rows_read} lignes lues, {len(self.assignments)} communes classées, "
            f"{len(self.errors)} erreur(s)."
        )
        return "\n".join([head, *(str(i) for i in self.issues)])

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows_read": self.rows_read,
            "communes": len(self.assignments),
            "issues": [
                {"severity": i.severity, "line": i.line, "column": i.column, "message": i.message}
                for i in self.issues
            ],
        }


@dataclass(frozen=True)
class ColumnMapping:
    """Which header holds the commune code and which the zone (case-insensitive);
    ``None`` means: recognise the usual names."""

    commune: str | None = None
    zone: str | None = None


def _unwrap(value: object) -> str:
    text = "" if value is None else str(value).strip()
    if text.startswith('="') and text.endswith('"'):  # Excel-protected code: ="01004"
        text = text[2:-1]
    return text.strip()


def _read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1252")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    if sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_xlsx(data: bytes, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    rows = [[_unwrap(cell) for cell in row] for row in worksheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_rows(
    data: bytes, filename: str, sheet: str | None = None
) -> tuple[list[list[str]], str | None]:
    """The rows of a CSV or XLSX file, or an error message if it cannot be read."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".gz":
        import gzip

        try:
            data = gzip.decompress(data)
        except OSError as exc:
            return [], f"archive gzip illisible ({exc})"
        suffix = Path(Path(filename).stem).suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            return _read_xlsx(data, sheet), None
        if suffix in {".csv", ".txt", ".tsv", ""}:
            return _read_csv(data), None
    except KeyError:
        return [], f"la feuille « {sheet} » n'existe pas dans le classeur"
    except Exception as exc:  # a corrupt file: say so, never crash
        return [], f"fichier illisible ({type(exc).__name__} : {exc})"
    return [], f"format non pris en charge « {suffix} » (attendu : .csv ou .xlsx)"


def _find_column(header: list[str], wanted: str | None, candidates: Iterable[str]) -> int | None:
    names = [h.strip().lower() for h in header]
    for name in [wanted.lower()] if wanted else candidates:
        if name in names:
            return names.index(name)
    return None


def _locate_header(rows: list[list[str]], mapping: ColumnMapping) -> int | None:
    """Index of the header row: official exports put titles above it (Carto Santé: row 4)."""
    for index, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        header = [_unwrap(c) for c in row]
        if _find_column(header, mapping.commune, COMMUNE_COLUMNS) is not None and (
            _find_column(header, mapping.zone, ZONE_COLUMNS) is not None
        ):
            return index
    return None


def validate_rows(
    rows: list[list[str]],
    mapping: ColumnMapping = ColumnMapping(),
    region: str | None = None,
    allow_missing: bool = False,
) -> ValidationReport:
    """Check every line; collect the class of each current commune."""
    report = ValidationReport()
    if not rows:
        report.error("le fichier est vide", line=1)
        return report
    header_index = _locate_header(rows, mapping)
    if header_index is None:
        header = [_unwrap(c) for c in rows[0]]
        if _find_column(header, mapping.commune, COMMUNE_COLUMNS) is None:
            wanted = mapping.commune or " ou ".join(COMMUNE_COLUMNS[:4])
            report.error("colonne du code commune introuvable", line=1, column=wanted)
        if _find_column(header, mapping.zone, ZONE_COLUMNS) is None:
            wanted = mapping.zone or " ou ".join(ZONE_COLUMNS[:3])
            report.error("colonne du zonage introuvable", line=1, column=wanted)
        return report
    header = [_unwrap(c) for c in rows[header_index]]
    commune_col = _find_column(header, mapping.commune, COMMUNE_COLUMNS)
    zone_col = _find_column(header, mapping.zone, ZONE_COLUMNS)
    assert commune_col is not None and zone_col is not None
    commune_name, zone_name = header[commune_col], header[zone_col]
    first_line: dict[str, int] = {}
    seen: set[str] = set()  # communes present in the file, even on a line in error

    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(_unwrap(c) for c in row):
            continue
        report.rows_read += 1
        raw_code = _unwrap(row[commune_col]) if commune_col < len(row) else ""
        raw_zone = _unwrap(row[zone_col]) if zone_col < len(row) else ""
        code = raw_code.zfill(5) if raw_code.isdigit() and len(raw_code) == 4 else raw_code
        if code != raw_code:
            report.warn(
                f"code « {raw_code} » complété en « {code} » (zéro initial perdu)",
                offset,
                commune_name,
            )
        commune = geography.commune(code) if code else None
        if commune is None:
            former = geography.current_code(code) if code else None
            if former is None:
                report.error(
                    f"code commune inconnu « {raw_code} » (absent du COG 2026)",
                    offset,
                    commune_name,
                )
                continue
            new_code, kind = former
            report.warn(
                f"code « {code} » ({kind}) remplacé par la commune actuelle « {new_code} » "
                f"{geography.commune(new_code).name}",
                offset,
                commune_name,
            )
            commune = geography.commune(new_code)
        seen.add(commune.code)
        if commune.zone == "com":
            report.error(
                f"{commune.code} {commune.name} est dans une collectivité d'outre-mer : pas "
                "d'ARS ni de zonage (art. L1434-4 CSP), hors du champ du CESP",
                offset,
                commune_name,
            )
            continue
        zone = normalise_zone(raw_zone)
        if zone is None:
            report.error(f"zone inconnue « {raw_zone} »", offset, zone_name)
            continue
        if region and commune.region != region:
            report.error(
                f"la commune {commune.code} {commune.name} est dans la région "
                f"{commune.region}, pas dans la région {region} du zonage",
                offset,
                commune_name,
            )
            continue
        previous = report.assignments.get(commune.code)
        if previous is not None:
            if previous != zone:
                report.error(
                    f"commune {commune.code} classée deux fois avec des zones différentes "
                    f"({previous} ligne {first_line[commune.code]}, {zone} ici)",
                    offset,
                    commune_name,
                )
            elif code == commune.code:
                report.error(
                    f"commune {commune.code} en double (déjà ligne {first_line[commune.code]})",
                    offset,
                    commune_name,
                )
            continue
        report.assignments[commune.code] = zone
        first_line[commune.code] = offset
        report.regions.add(commune.region)

    for region_code in sorted(report.regions if not region else {region}):
        expected = {c.code for c in geography.communes_in_region(region_code)}
        missing = sorted(expected - report.assignments.keys() - seen)
        if missing:
            shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
            message = (
                f"{len(missing)} commune(s) de la région {region_code} absente(s) du fichier : "
                f"{shown}"
            )
            if allow_missing:
                report.warn(message + " — elles n'auront pas de classement dans ce zonage")
            else:
                report.error(message)
    return report
