"""Rebuild the shipped reference geography from the raw sources of ``/work/shared/data``.

Not imported at run time. Run once, by hand, when a source changes::

    .venv/bin/python -m cesp.core.geography.build /work/shared/data

Every output is documented in ``cesp/core/geography/data/README.md`` (sources, licences).
The territories' own files (geometry, demo zoning) are built by
``cesp/territories/data/build.py``, which reuses the writers below.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "data"

DENSITY_CODES = {
    "Grands centres urbains": 1,
    "Centres urbains intermédiaires": 2,
    "Petites villes": 3,
    "Ceintures urbaines": 4,
    "Bourgs ruraux": 5,
    "Rural à habitat dispersé": 6,
    "Rural à habitat très dispersé": 7,
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv_gz(path: Path, header: list[str], rows: list[list]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0: the same input gives byte-identical output (reproducible builds).
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(buffer.getvalue().encode("utf-8"))


def build(source: Path) -> None:
    etalab = source / "etalab-decoupage-administratif"
    grilles = source / "anct-superposeur-v2" / "grilles"
    density = {
        r["insee_com"]: DENSITY_CODES[r["niveau_densite"].strip()]
        for r in read_csv(grilles / "densite.csv")
    }
    massif = {
        r["insee_com"]: r["niveau_montagne"].strip() for r in read_csv(grilles / "montagne.csv")
    }
    qpv: dict[str, list[str]] = {}
    for r in read_csv(source / "anct-superposeur-v2" / "admin" / "qpv_communes.csv"):
        qpv.setdefault(r["insee_com"], []).append(r["code_qp"])
    frr = {
        r["insee_com"]: r["codefrr"]
        for r in read_csv(source / "frr-occitanie" / "frr_occitanie_cog2025.csv")
    }

    rows = []
    for r in read_csv(etalab / "communes-actuelles.csv"):
        code = r["code"]
        rows.append(
            [
                code,
                r["nom"],
                r["departement"],
                r["region"],
                r["population"],
                r["epci"],
                density.get(code, ""),
                massif.get(code, "")[:2],
                "|".join(sorted(qpv.get(code, []))),
                frr.get(code, ""),
                r["zone"],
            ]
        )
    rows.sort()
    write_csv_gz(
        HERE / "communes.csv.gz",
        [
            "code",
            "name",
            "department",
            "region",
            "population",
            "epci",
            "density_level",
            "massif",
            "qpv",
            "frr",
            "zone",
        ],
        rows,
    )

    current = {row[0] for row in rows}
    former: dict[str, tuple[str, str]] = {}
    entities = json.loads((etalab / "communes.json").read_text(encoding="utf-8"))
    for entity in entities:
        if entity["type"] == "commune-actuelle":
            for old in entity.get("anciensCodes", []):
                if old not in current:
                    former[old] = (entity["code"], "ancien code (fusion)")
        elif entity["type"] in {"commune-deleguee", "commune-associee"}:
            if entity["code"] not in current and entity.get("chefLieu"):
                former.setdefault(entity["code"], (entity["chefLieu"], entity["type"]))
        elif entity["type"] == "arrondissement-municipal" and entity.get("commune"):
            former.setdefault(entity["code"], (entity["commune"], "arrondissement municipal"))
    write_csv_gz(
        HERE / "former_codes.csv.gz",
        ["former_code", "current_code", "kind"],
        sorted([old, new, kind] for old, (new, kind) in former.items()),
    )

    departments = json.loads((etalab / "departements.json").read_text(encoding="utf-8"))
    regions = json.loads((etalab / "regions.json").read_text(encoding="utf-8"))
    write_csv_gz(
        HERE / "departments.csv.gz",
        ["code", "name", "region"],
        sorted([d["code"], d["nom"], d.get("region", "")] for d in departments),
    )
    write_csv_gz(
        HERE / "regions.csv.gz", ["code", "name"], sorted([r["code"], r["nom"]] for r in regions)
    )

    postal: list[list[str]] = []
    for r in read_csv(etalab / "communes-actuelles.csv"):
        for postal_code in filter(None, r["codes_postaux"].split("|")):
            postal.append([postal_code, r["code"]])
    write_csv_gz(HERE / "postal_codes.csv.gz", ["postal_code", "commune"], sorted(postal))


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
