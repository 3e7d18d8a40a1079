"""Rebuild the shipped reference files from the raw sources of ``/work/shared/data``.

Not imported at run time. Run once, by hand, when a source changes::

    .venv/bin/python cesp/territories/data/build.py /work/shared/data

Every output is documented in ``cesp/territories/data/README.md`` (sources, licences).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

DENSITY_CODES = {
    "Grands centres urbains": 1,
    "Centres urbains intermédiaires": 2,
    "Petites villes": 3,
    "Ceintures urbaines": 4,
    "Bourgs ruraux": 5,
    "Rural à habitat dispersé": 6,
    "Rural à habitat très dispersé": 7,
}
OCCITANIE = "76"


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


GEO_SCALE = 1000  # coordinates are stored as integers in thousandths of a degree


def round_ring(ring: list, digits: int) -> list[int]:
    """Round to ``digits`` decimals, drop consecutive duplicates; a flat list of integers
    (thousandths of a degree) ``[x0, y0, x1, y1, …]`` — parsed 10x faster than floats."""
    step = 10 ** (3 - digits)
    out: list[tuple[int, int]] = []
    for lon, lat, *_ in ring:
        point = (round(lon * 10**digits) * step, round(lat * 10**digits) * step)
        if not out or out[-1] != point:
            out.append(point)
    if len(out) < 4:
        return []
    return [value for point in out for value in point]


def simplify_geometry(geometry: dict, digits: int) -> list:
    """A list of polygons, each a list of flat integer rings (outer ring first)."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    result = []
    for polygon in polygons:
        rings = [r for r in (round_ring(ring, digits) for ring in polygon) if r]
        if rings:
            result.append(rings)
    return result


def write_geometry(path: Path, features: list[tuple[str, str, list]]) -> None:
    payload = {
        "scale": GEO_SCALE,
        "features": {code: {"name": name, "polygons": polys} for code, name, polys in features},
    }
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


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

    # Demo only: the unofficial doctors' zoning, Occitanie rows (README §4c of the sources).
    demo = read_csv(source / "zonage-medecins-non-officiel" / "zonage_mg_communes_cog2026.csv")
    write_csv_gz(
        HERE / "zonage_mg_communes_occitanie.csv.gz",
        ["insee_com", "nom_commune", "zonage_mg"],
        [
            [r["insee_com"], r["nom_commune"], r["zonage_mg"]]
            for r in demo
            if r["region"] == OCCITANIE
        ],
    )

    # Departments, national incl. DROM (ANCT COG 2025), about 1 km precision.
    deps = json.loads((source / "anct-superposeur-v2/admin/polygone-4326_dep.geojson").read_text())
    write_geometry(
        HERE / "geo_departments.json.gz",
        [
            (
                f["properties"]["insee_dep"],
                f["properties"]["lib_dep"],
                simplify_geometry(
                    f["geometry"], 3 if f["properties"]["insee_dep"].startswith("97") else 2
                ),
            )
            for f in deps["features"]
        ],
    )
    # Occitanie communes (COG 2026, derived from IGN Admin Express 2018), about 100 m.
    occ = json.loads(
        (source / "france-geojson/occitanie/communes-occitanie-cog2026.geojson").read_text()
    )
    write_geometry(
        HERE / "geo_communes_76.json.gz",
        [
            (f["properties"]["code"], f["properties"]["nom"], simplify_geometry(f["geometry"], 3))
            for f in occ["features"]
        ],
    )


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
