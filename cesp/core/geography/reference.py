"""Reference geography shipped with the package (no Django, no network).

Communes of the COG 2026 (Etalab ``@etalab/decoupage-administratif`` 6.0.0), with the
INSEE 7-level communal density grid, loi Montagne massif, QPV 2024 and, for Occitanie,
the France Ruralités Revitalisation class, and La Poste postal codes. Sources and licences:
``cesp/core/geography/data/README.md``. Files are read lazily, once per process.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

DENSITY_LABELS: dict[int, str] = {
    1: "Grands centres urbains",
    2: "Centres urbains intermédiaires",
    3: "Petites villes",
    4: "Ceintures urbaines",
    5: "Bourgs ruraux",
    6: "Rural à habitat dispersé",
    7: "Rural à habitat très dispersé",
}

MASSIF_LABELS: dict[str, str] = {
    "01": "Massif des Vosges",
    "02": "Massif du Jura",
    "03": "Massif des Alpes",
    "04": "Massif de Guadeloupe",
    "05": "Massif de Corse",
    "06": "Massif Central",
    "07": "Massif de Martinique",
    "08": "Massif des Pyrénées",
    "09": "Massif des Hauts de la Réunion",
}

FRR_LABELS: dict[str, str] = {
    "4": "FRR (commune classée)",
    "5": "FRR+",
    "1": "Effets du FRR (ancienne ZRR, mesure transitoire)",
    "0": "Non classée",
    "2": "Commune nouvelle, classement non documenté",
    "3": "La Réunion, classement non documenté",
}


@dataclass(frozen=True, slots=True)
class Commune:
    """A commune of the COG 2026 with the classifications the CESP needs."""

    code: str
    name: str
    department: str
    region: str
    population: int | None
    density_level: int | None
    density_label: str | None = None
    epci: str = ""
    massif: str = ""
    qpv: tuple[str, ...] = ()
    frr: str = ""
    zone: str = "metro"

    @property
    def massif_label(self) -> str | None:
        return MASSIF_LABELS.get(self.massif) if self.massif else None

    @property
    def frr_label(self) -> str | None:
        """FRR class (Occitanie only; ``None`` elsewhere: not known, not "unclassified")."""
        return FRR_LABELS.get(self.frr) if self.frr else None

    @property
    def in_frr(self) -> bool | None:
        """Classed FRR or FRR+ (or under the former-ZRR transitional effects)."""
        if not self.frr:
            return None
        return self.frr in {"4", "5", "1"}

    @property
    def has_qpv(self) -> bool:
        return bool(self.qpv)


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / name, "rb") as handle:
        return list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline="")))


@cache
def _communes() -> dict[str, Commune]:
    result: dict[str, Commune] = {}
    for row in _rows("communes.csv.gz"):
        level = int(row["density_level"]) if row["density_level"] else None
        result[row["code"]] = Commune(
            code=row["code"],
            name=row["name"],
            department=row["department"],
            region=row["region"],
            population=int(row["population"]) if row["population"] else None,
            density_level=level,
            density_label=DENSITY_LABELS.get(level) if level else None,
            epci=row["epci"],
            massif=row["massif"],
            qpv=tuple(row["qpv"].split("|")) if row["qpv"] else (),
            frr=row["frr"],
            zone=row["zone"],
        )
    return result


@cache
def _former_codes() -> dict[str, tuple[str, str]]:
    return {r["former_code"]: (r["current_code"], r["kind"]) for r in _rows("former_codes.csv.gz")}


@cache
def _departments() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["name"], r["region"]) for r in _rows("departments.csv.gz")}


@cache
def _regions() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows("regions.csv.gz")}


@cache
def _by_region() -> dict[str, tuple[Commune, ...]]:
    grouped: dict[str, list[Commune]] = {}
    for item in _communes().values():
        grouped.setdefault(item.region, []).append(item)
    return {region: tuple(items) for region, items in grouped.items()}


def commune(code: str) -> Commune | None:
    """The current commune with this INSEE code, or ``None`` (never cast codes to int)."""
    return _communes().get(code.strip())


def all_communes() -> tuple[Commune, ...]:
    return tuple(_communes().values())


def communes_in_region(region_code: str) -> tuple[Commune, ...]:
    return _by_region().get(region_code, ())


def communes_in_department(department_code: str) -> tuple[Commune, ...]:
    return tuple(c for c in _communes().values() if c.department == department_code)


@cache
def _postal_codes() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for row in _rows("postal_codes.csv.gz"):
        grouped.setdefault(row["postal_code"], []).append(row["commune"])
    return {postal: tuple(codes) for postal, codes in grouped.items()}


@cache
def _postal_codes_of() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for postal, codes in _postal_codes().items():
        for code in codes:
            grouped.setdefault(code, []).append(postal)
    return {code: tuple(sorted(postals)) for code, postals in grouped.items()}


def communes_with_postal_code(postal_code: str) -> tuple[Commune, ...]:
    """Current communes served by this postal code (La Poste), most populous first.

    A postal code is not a commune code: ``09000`` serves Foix and 22 other communes.
    """
    found = [_communes()[code] for code in _postal_codes().get(postal_code.strip(), ())]
    return tuple(sorted(found, key=lambda c: (-(c.population or 0), c.name)))


def postal_code_list() -> tuple[str, ...]:
    """Every postal code of the reference, sorted."""
    return _sorted_postal_codes()


@cache
def _sorted_postal_codes() -> tuple[str, ...]:
    return tuple(sorted(_postal_codes()))


def postal_codes(commune_code: str) -> tuple[str, ...]:
    """The postal codes serving a current commune (Paris, Lyon, Marseille have several)."""
    return _postal_codes_of().get(commune_code.strip(), ())


def current_code(code: str) -> tuple[str, str] | None:
    """For a former code (merged commune, commune déléguée, PLM arrondissement): the
    current commune code and the kind of link; ``None`` if the code is unknown."""
    return _former_codes().get(code.strip())


def department_name(code: str) -> str | None:
    entry = _departments().get(code)
    return entry[0] if entry else None


def department_region(code: str) -> str | None:
    entry = _departments().get(code)
    return entry[1] if entry else None


def departments() -> dict[str, str]:
    return {code: name for code, (name, _) in _departments().items()}


def region_name(code: str) -> str | None:
    return _regions().get(code)


def regions() -> dict[str, str]:
    return dict(_regions())
