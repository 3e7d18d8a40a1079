"""Rebuild the territories' shipped files (geometry, demo zoning) from ``/work/shared/data``.

Not imported at run time. Run once, by hand, when a source changes::

    PYTHONPATH=. .venv/bin/python cesp/territories/data/build.py /work/shared/data

The reference geography (communes, departments, regions, postal codes) is built by
``cesp.core.geography.build``. Every output is documented in the README beside each file.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from cesp.core.geography.build import read_csv, write_csv_gz

HERE = Path(__file__).resolve().parent
OCCITANIE = "76"


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
