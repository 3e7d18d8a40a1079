"""Read and validate a zoning file (CSV, XLSX or their .gz) before anything is written.

Reading is the kernel's (``cesp.core.tabular``: limits, truncated archives, corrupt
workbooks refused in French). The validation report names the line and the column of
every problem; the service
(``services.import_zoning``) writes nothing when the report holds an error.
Former commune codes (mergers, communes déléguées, PLM arrondissements) are mapped to
their current COG 2026 code and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cesp.core import geography
from cesp.core.tabular import Report, TabularError, read_table

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


@dataclass
class ValidationReport(Report):
    """The kernel's report of issues, with what the file classes."""

    rows_read: int = 0
    assignments: dict[str, str] = field(default_factory=dict)  # commune code -> zone
    regions: set[str] = field(default_factory=set)

    def as_text(self) -> str:
        head = (
            f"{self.rows_read} lignes lues, {len(self.assignments)} communes classées, "
            f"{len(self.errors)} erreur(s)."
        )
        return "\n".join([head, *self.lines()])

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows_read": self.rows_read,
            "communes": len(self.assignments),
            "issues": [
                {
                    "severity": str(i.severity),
                    "line": i.line,
                    "column": i.column,
                    "message": i.message,
                }
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


def load_rows(data: bytes, filename: str, sheet: str | None = None) -> list[list[str]]:
    """The rows of a CSV or XLSX file (or its .gz); ``TabularError`` if it cannot be read.
    Every record is kept (blank ones too), so a row's index + 1 is its line; official
    CSV exports in Windows-1252 are accepted."""
    table = read_table(data, filename, sheet=sheet, fallback_encoding="cp1252")
    return [row.cells for row in table.rows]


def read_rows(
    data: bytes, filename: str, sheet: str | None = None
) -> tuple[list[list[str]], str | None]:
    """``load_rows``, or no rows and the French message saying why."""
    try:
        return load_rows(data, filename, sheet), None
    except TabularError as error:
        return [], str(error.issue)


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
        report.error(1, None, "le fichier est vide")
        return report
    header_index = _locate_header(rows, mapping)
    if header_index is None:
        header = [_unwrap(c) for c in rows[0]]
        if _find_column(header, mapping.commune, COMMUNE_COLUMNS) is None:
            wanted = mapping.commune or " ou ".join(COMMUNE_COLUMNS[:4])
            report.error(1, wanted, "colonne du code commune introuvable")
        if _find_column(header, mapping.zone, ZONE_COLUMNS) is None:
            wanted = mapping.zone or " ou ".join(ZONE_COLUMNS[:3])
            report.error(1, wanted, "colonne du zonage introuvable")
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
            report.warning(
                offset,
                commune_name,
                f"code « {raw_code} » complété en « {code} » (zéro initial perdu)",
            )
        commune = geography.commune(code) if code else None
        if commune is None:
            former = geography.current_code(code) if code else None
            if former is None:
                report.error(
                    offset,
                    commune_name,
                    f"code commune inconnu « {raw_code} » (absent du COG 2026)",
                )
                continue
            new_code, kind = former
            report.warning(
                offset,
                commune_name,
                f"code « {code} » ({kind}) remplacé par la commune actuelle « {new_code} » "
                f"{geography.commune(new_code).name}",
            )
            commune = geography.commune(new_code)
        seen.add(commune.code)
        if commune.zone == "com":
            report.error(
                offset,
                commune_name,
                f"{commune.code} {commune.name} est dans une collectivité d'outre-mer : pas "
                "d'ARS ni de zonage (art. L1434-4 CSP), hors du champ du CESP",
            )
            continue
        zone = normalise_zone(raw_zone)
        if zone is None:
            report.error(offset, zone_name, f"zone inconnue « {raw_zone} »")
            continue
        if region and commune.region != region:
            report.error(
                offset,
                commune_name,
                f"la commune {commune.code} {commune.name} est dans la région "
                f"{commune.region}, pas dans la région {region} du zonage",
            )
            continue
        previous = report.assignments.get(commune.code)
        if previous is not None:
            if previous != zone:
                report.error(
                    offset,
                    commune_name,
                    f"commune {commune.code} classée deux fois avec des zones différentes "
                    f"({previous} ligne {first_line[commune.code]}, {zone} ici)",
                )
            elif code == commune.code:
                report.error(
                    offset,
                    commune_name,
                    f"commune {commune.code} en double (déjà ligne {first_line[commune.code]})",
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
                report.warning(
                    None, None, message + " — elles n'auront pas de classement dans ce zonage"
                )
            else:
                report.error(None, None, message)
    return report
