"""Maps of installations as inline SVG, drawn from the geometry shipped by territories.

Commune level for one region (geometry shipped for Occitanie, 76), department level
nationally (metropolitan France; overseas departments listed under the map). Projection:
longitude × cos(mean latitude), latitude reversed: good enough at regional scale.
Sources: IGN Admin Express via gregoiredavid/france-geojson (communes), ANCT/IGN
(departments), Licence Ouverte; see cesp/territories/data/README.md
and cesp/core/geography/data/README.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from cesp.core import geography
from cesp.observatory import geo
from cesp.territories import maps as territory_maps

BLUES = ("#e8edff", "#b1c4ff", "#6a8dff", "#2f4dd6", "#000091")
EMPTY = "#f6f6f6"
MASKED = "#c9c9c9"
CREDIT = "Fonds : IGN Admin Express, ANCT (Licence Ouverte)"


@cache
def commune_geometry(region: str) -> dict[str, Any]:
    """Commune outlines from territories (shipped for Occitanie only), else empty."""
    try:
        return territory_maps.commune_shapes(region)
    except ValueError:
        return {}


@cache
def department_geometry() -> dict[str, Any]:
    return territory_maps.department_shapes()


def outer_rings(shape: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The outer ring of each polygon of a shape, as (lon, lat) pairs in degrees.

    Territories ships flat integer rings (``ring_points`` decodes them); plain
    [[lon, lat], …] rings are accepted too.
    """
    rings = []
    for polygon in shape["polygons"]:
        ring = polygon[0]
        if ring and isinstance(ring[0], int | float):
            rings.append(territory_maps.ring_points(ring))
        else:
            rings.append([(float(lon), float(lat)) for lon, lat in ring])
    return rings


def _bins(values: list[int]) -> list[int]:
    """Upper bounds of up to five classes (1, then quantiles of the positive counts)."""
    positive = sorted(v for v in values if v and v > 0)
    if not positive:
        return []
    quantiles = (0.2, 0.4, 0.6, 0.8)
    bounds = {positive[min(len(positive) - 1, int(len(positive) * q))] for q in quantiles}
    bounds.add(positive[-1])
    return sorted(bounds)


def _colour(value: int | None, bounds: list[int], known: bool) -> str:
    if not known:
        return MASKED
    if not value:
        return EMPTY
    # The top class is always the darkest, whatever the number of classes.
    offset = len(BLUES) - len(bounds)
    for i, bound in enumerate(bounds):
        if value <= bound:
            return BLUES[offset + i]
    return BLUES[-1]


@dataclass(frozen=True)
class _Projection:
    lon0: float
    lat1: float
    k: float
    scale: float
    map_height: float
    paths: dict[str, list[str]]

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        """Integer coordinates on a 2× grid (drawn at scale 0.5)."""
        return (
            round(20 + (lon - self.lon0) * self.k * self.scale * 2),
            round(60 + (self.lat1 - lat) * self.scale * 2),
        )


_PROJECTIONS: dict[tuple[str, int], _Projection] = {}


def _project(shapes: dict[str, Any], width: int, cache_key: str | None) -> _Projection | None:
    """Project every outer ring once; cached per ``cache_key`` (the geometry is fixed)."""
    if cache_key and (cache_key, width) in _PROJECTIONS:
        return _PROJECTIONS[(cache_key, width)]
    rings = [(code, ring) for code, shape in shapes.items() for ring in outer_rings(shape)]
    if not rings:
        return None
    lats = [pt[1] for _, ring in rings for pt in ring]
    lons = [pt[0] for _, ring in rings for pt in ring]
    lon0, lat0, lat1 = min(lons), min(lats), max(lats)
    k = math.cos(math.radians((lat0 + lat1) / 2))
    scale = (width - 20) / ((max(lons) - lon0) * k)
    projection = _Projection(lon0, lat1, k, scale, (lat1 - lat0) * scale, {})
    for code, ring in rings:
        # Consecutive duplicates dropped after rounding: a light SVG.
        points: list[tuple[int, int]] = []
        for lon, lat in ring:
            point = projection.point(lon, lat)
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            text = " ".join(f"{x},{y}" for x, y in points)
            projection.paths.setdefault(code, []).append(f"M{text}Z")
    if cache_key:
        _PROJECTIONS[(cache_key, width)] = projection
    return projection


def choropleth(
    counts: dict[str, int | None],
    shapes: dict[str, Any],
    title: str,
    *,
    width: int = 640,
    xmlns: bool = False,
    note: str = "",
    outlines: list[dict[str, Any]] | None = None,
    cache_key: str | None = None,
) -> str:
    """One path per shape, coloured by its count; legend and credit underneath."""
    projection = _project(shapes, width, cache_key)
    if projection is None:
        return f"<p>Carte indisponible : géométrie absente ({escape(title)}).</p>"
    map_height = projection.map_height
    height = int(map_height + 90)
    bounds = _bins([v for v in counts.values() if v])
    paths_by_code = projection.paths
    body = [
        f"<text x='{width / 2}' y='18' text-anchor='middle' font-size='14' "
        f"font-weight='bold'>{escape(title)}</text>"
    ]
    for code, parts in paths_by_code.items():
        value = counts.get(code, 0)
        fill = _colour(value, bounds, not (code in counts and value is None))
        name = shapes[code].get("name", code)
        label = "masqué" if code in counts and value is None else str(value or 0)
        body.append(
            f"<path d='{' '.join(parts)}' transform='scale(0.5)' fill='{fill}' stroke='#fff' "
            "stroke-width='0.6'>"
            f"<title>{escape(name)} ({escape(code)}) : {label}</title></path>"
        )
    for outline in outlines or ():
        for ring in outer_rings(outline):
            text = " ".join("{},{}".format(*projection.point(lon, lat)) for lon, lat in ring)
            body.append(
                f"<path d='M{text}Z' transform='scale(0.5)' fill='none' stroke='#333' "
                "stroke-width='1.2' pointer-events='none'/>"
            )
    legend_y = map_height + 45
    lower = 1
    entries = [(EMPTY, "0")]
    for i, bound in enumerate(bounds):
        entries.append(
            (_colour(bound, bounds, True), f"{lower}–{bound}" if bound > lower else f"{bound}")
        )
        lower = bound + 1
        if i >= 5:
            break
    if any(v is None for v in counts.values()):
        entries.append((MASKED, "masqué (< 11)"))
    for i, (colour, text) in enumerate(entries):
        x = 10 + i * 100
        body.append(
            f"<rect x='{x}' y='{legend_y}' width='14' height='14' fill='{colour}' stroke='#999'/>"
        )
        body.append(f"<text x='{x + 18}' y='{legend_y + 12}' font-size='11'>{escape(text)}</text>")
    body.append(
        f"<text x='10' y='{legend_y + 34}' font-size='10' "
        f"fill='#555'>{escape(note + CREDIT)}</text>"
    )
    ns = " xmlns='http://www.w3.org/2000/svg'" if xmlns else ""
    return (
        f"<svg{ns} viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title, {chr(39): '&#39;'})}' "
        "font-family='Marianne, Arial, "
        f"sans-serif'><title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def installations_map(
    report: dict[str, Any], *, national: bool = False, xmlns: bool = False
) -> str:
    """Commune-level map of the region when its geometry is shipped, else departments."""
    region = report["parameters"]["region"]
    installations = report["installations"]
    shapes = {} if national or not region else commune_geometry(region)
    if shapes:
        title = f"Installations dans la région {geo.region_name(region)}, par commune"
        outlines = [
            shape
            for code, shape in department_geometry().items()
            if geography.department_region(code) == region
        ]
        counts = installations["by_commune_in_region"]
        return choropleth(
            counts, shapes, title, xmlns=xmlns, outlines=outlines, cache_key=f"communes-{region}"
        )
    departments = {code: shape for code, shape in department_geometry().items() if len(code) == 2}
    title = "Installations par département (France métropolitaine)"
    if not national and region:
        regional = {
            code: shape
            for code, shape in department_geometry().items()
            if geography.department_region(code) == region
        }
        if regional:
            name = geo.region_name(region)
            counts = {c: n for c, n in installations["by_department"].items() if c in regional}
            return choropleth(
                counts,
                regional,
                f"Installations dans la région {name}, par département",
                xmlns=xmlns,
                cache_key=f"departments-{region}",
            )
    overseas = {c: n for c, n in installations["by_department"].items() if len(c) == 3}
    note = ""
    if overseas:
        note = (
            "Outre-mer : "
            + ", ".join(f"{c} : {'< 11' if n is None else n}" for c, n in overseas.items())
            + ". "
        )
    counts = installations["by_department"]
    return choropleth(
        counts, departments, title, xmlns=xmlns, note=note, cache_key="departments-metro"
    )
