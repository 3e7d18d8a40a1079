"""Maps rendered as SVG in pure Python (no Django, works offline, embeds in PDFs).

Geometry: shipped simplified outlines (``data/geo_departments.json.gz``: departments
incl. DROM; ``data/geo_communes_76.json.gz``: Occitanie communes). Projection: an
equirectangular projection scaled by cos(mean latitude), good enough at regional and
national scale; the DROM are drawn as insets. Every shape carries ``data-code``,
``data-name``, ``data-value`` and a ``<title>`` (hover), so a page can add interaction
with a few lines of JS.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html import escape

from . import DATA_DIR

ZONE_COLOURS = {
    "ZIP": "#c9191e",
    "ZAC": "#f4a340",
    "ZAR": "#8fb3d9",
    "ZV": "#d9c38f",
    "HZ": "#e5e5e5",
    "TRES_SOUS_DOTEE": "#a50f15",
    "SOUS_DOTEE": "#ef6548",
    "INTERMEDIAIRE": "#fdd49e",
    "TRES_DOTEE": "#9ecae1",
    "SUR_DOTEE": "#4292c6",
    "NON_PRIORITAIRE": "#e5e5e5",
}
NO_DATA = "#ffffff"
DROM = ("971", "972", "973", "974", "976")
SEQUENTIAL = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")

SCALE = 1000  # shipped coordinates: integers, thousandths of a degree
Polygons = list  # [[ring, ...], ...], ring = flat [x0, y0, x1, y1, ...] in 1/SCALE degree


@cache
def _geometry(name: str) -> dict[str, dict]:
    with gzip.open(DATA_DIR / name, "rb") as handle:
        payload = json.loads(handle.read().decode("utf-8"))
    assert payload["scale"] == SCALE
    return payload["features"]


def department_shapes() -> dict[str, dict]:
    return _geometry("geo_departments.json.gz")


def commune_shapes(region: str) -> dict[str, dict]:
    """Commune outlines of a region; only Occitanie (76) is shipped."""
    if region != "76":
        raise ValueError(
            f"pas de contours communaux pour la région {region} (seule l'Occitanie, 76, est "
            "fournie) : utiliser la carte départementale"
        )
    return _geometry("geo_communes_76.json.gz")


def ring_points(ring: list[int], every: int = 1) -> list[tuple[float, float]]:
    """(lon, lat) pairs in degrees of a flat ring, keeping one point in ``every``."""
    return [(ring[i] / SCALE, ring[i + 1] / SCALE) for i in range(0, len(ring), 2 * every)]


@dataclass(frozen=True)
class Frame:
    """Maps stored coordinates into a box of the SVG (x right, y down)."""

    min_x: int
    max_y: int
    kx: float
    ky: float
    x0: float
    y0: float

    @classmethod
    def fit(cls, shapes: list[Polygons], x0: float, y0: float, width: float, height: float):
        rings = [ring for polys in shapes for poly in polys for ring in poly]
        min_x = min(min(ring[0::2]) for ring in rings)
        max_x = max(max(ring[0::2]) for ring in rings)
        min_y = min(min(ring[1::2]) for ring in rings)
        max_y = max(max(ring[1::2]) for ring in rings)
        aspect = math.cos(math.radians((min_y + max_y) / 2 / SCALE))
        span_x = max((max_x - min_x) * aspect, 1e-9)
        span_y = max(max_y - min_y, 1e-9)
        scale = min(width / span_x, height / span_y)
        dx = (width - span_x * scale) / 2
        dy = (height - span_y * scale) / 2
        return cls(min_x, max_y, scale * aspect, scale, x0 + dx, y0 + dy)

    def path(self, polygons: Polygons) -> str:
        """Compact SVG path data: whole pixels, relative moves, repeated points dropped."""
        parts = []
        kx, ky, x0, y0, mx, my = self.kx, self.ky, self.x0, self.y0, self.min_x, self.max_y
        for polygon in polygons:
            for ring in polygon:
                xs = [round(x0 + (x - mx) * kx) for x in ring[0::2]]
                ys = [round(y0 + (my - y) * ky) for y in ring[1::2]]
                moves = []
                last_x, last_y = xs[0], ys[0]
                for x, y in zip(xs, ys, strict=True):
                    if x != last_x or y != last_y:
                        moves.append(f"{x - last_x} {y - last_y}")
                        last_x, last_y = x, y
                if len(moves) >= 2:
                    parts.append(f"M{xs[0]} {ys[0]}l" + " ".join(moves) + "z")
        return "".join(parts)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.x0 + (lon * SCALE - self.min_x) * self.kx, 1),
            round(self.y0 + (self.max_y - lat * SCALE) * self.ky, 1),
        )


def centroid(polygons: Polygons) -> tuple[float, float]:
    """Area-weighted centroid of the outer rings, in degrees (lon, lat)."""
    area_sum = cx = cy = 0.0
    for polygon in polygons:
        ring = polygon[0]
        xs, ys = ring[0::2], ring[1::2]
        for i in range(len(xs)):
            x1, y1, x2, y2 = xs[i - 1], ys[i - 1], xs[i], ys[i]
            cross = x1 * y2 - x2 * y1
            area_sum += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(area_sum) < 1e-12:
        ring = polygons[0][0]
        xs, ys = ring[0::2], ring[1::2]
        return sum(xs) / len(xs) / SCALE, sum(ys) / len(ys) / SCALE
    return cx / (3 * area_sum) / SCALE, cy / (3 * area_sum) / SCALE


@cache
def _cached_paths(kind: str, region: str, width: int, height: int) -> tuple[dict, Frame]:
    shapes = commune_shapes(region) if kind == "communes" else department_shapes()
    if kind == "departments":
        shapes = {code: shape for code, shape in shapes.items() if code not in DROM}
    frame = Frame.fit([s["polygons"] for s in shapes.values()], 10, 78, width - 20, height - 138)
    return {code: frame.path(s["polygons"]) for code, s in shapes.items()}, frame


def _svg_open(width: int, height: int, title: str, subtitle: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="map-title" '
        'font-family="Marianne, Arial, sans-serif" class="cesp-map">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="24" font-size="18" font-weight="bold">{escape(title)}</text>',
        *(
            f'<text x="10" y="{44 + 15 * i}" font-size="12" fill="#3a3a3a">{escape(line)}</text>'
            for i, line in enumerate(_wrap(subtitle, width // 7)[:2])
        ),
    ]


def _wrap(text: str, width: int) -> list[str]:
    """Split a subtitle into lines of at most ``width`` characters (on spaces)."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def _legend(items: list[tuple[str, str]], x: float, y: float) -> list[str]:
    out = [f'<g class="legend" transform="translate({x},{y})" font-size="12">']
    for i, (colour, label) in enumerate(items):
        out.append(
            f'<rect x="0" y="{i * 18}" width="14" height="14" fill="{colour}" stroke="#666" '
            f'stroke-width="0.5"/><text x="20" y="{i * 18 + 11}">{escape(label)}</text>'
        )
    out.append("</g>")
    return out


def _shape(
    code: str, name: str, d: str, fill: str, value: str, stroke: str = "#ffffff", width: str = "0.2"
) -> str:
    label = f"{name} ({code}) : {value}" if value else f"{name} ({code})"
    return (
        f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}" '
        f'data-code="{code}" data-name="{escape(name)}" data-value="{escape(value)}">'
        f"<title>{escape(label)}</title></path>"
    )


def zoning_map(
    region: str,
    zones: Mapping[str, str],
    title: str,
    subtitle: str,
    labels: Mapping[str, str] | None = None,
    width: int = 900,
    height: int = 820,
) -> str:
    """Commune-level map of a zoning: one colour per class, legend, date in subtitle."""
    paths, _ = _cached_paths("communes", region, width, height - 40)
    shapes = commune_shapes(region)
    labels = labels or {}
    out = _svg_open(width, height, title, subtitle)
    out.append('<g class="communes">')
    for code, d in paths.items():
        zone = zones.get(code, "")
        out.append(
            _shape(
                code,
                shapes[code]["name"],
                d,
                ZONE_COLOURS.get(zone, NO_DATA),
                labels.get(zone, zone) or "non classée",
                "#ffffff",
                "0.15",
            )
        )
    out.append("</g>")
    present = [z for z in ZONE_COLOURS if z in set(zones.values())]
    items = [(ZONE_COLOURS[z], labels.get(z, z)) for z in present]
    if len(zones) < len(paths):
        items.append((NO_DATA, "non classée / inconnue"))
    out += _legend(items, width - 260, height - 30 - 18 * len(items))
    out.append("</svg>")
    return "".join(out)


def zoning_print_map(region: str, zones: Mapping[str, str], size: int = 480) -> str:
    """A light commune map of a zoning for a printed document: one path per class, one
    point in four of long outlines (a PDF renderer draws it in about a second)."""
    shapes = commune_shapes(region)
    frame = Frame.fit([s["polygons"] for s in shapes.values()], 0, 0, size, size)
    by_zone: dict[str, list[str]] = {}
    for code, shape in shapes.items():
        polygons = [
            [ring if len(ring) <= 64 else _every_fourth_point(ring) for ring in polygon]
            for polygon in shape["polygons"]
        ]
        by_zone.setdefault(zones.get(code, ""), []).append(frame.path(polygons))
    paths = "".join(
        f'<path d="{"".join(parts)}" fill="{ZONE_COLOURS.get(zone, NO_DATA)}" '
        'stroke="#ffffff" stroke-width="0.15"/>'
        for zone, parts in sorted(by_zone.items())
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'class="cesp-print-map">{paths}</svg>'
    )


def _every_fourth_point(ring: list[int]) -> list[int]:
    return [value for i in range(0, len(ring), 8) for value in (ring[i], ring[i + 1])]


def _classes(values: Mapping[str, float]) -> list[float]:
    """Quantile breaks of the positive values (at most 4 classes, one colour each)."""
    data = sorted(v for v in values.values() if v > 0)
    if not data:
        return []
    breaks = sorted({data[min(len(data) - 1, int(len(data) * q / 4))] for q in range(1, 4)})
    breaks = [b for b in breaks if b < data[-1]]
    return [*breaks, data[-1]]


def departments_map(
    values: Mapping[str, float],
    title: str,
    subtitle: str,
    unit: str = "",
    width: int = 900,
    height: int = 860,
) -> str:
    """National map by department (metropolitan frame + DROM insets), quantile classes."""
    paths, _ = _cached_paths("departments", "", width, height - 140)
    shapes = department_shapes()
    breaks = _classes(values)

    def colour(value: float | None) -> str:
        if not value:
            return SEQUENTIAL[0]
        for i, limit in enumerate(breaks):
            if value <= limit:
                return SEQUENTIAL[min(i + 1, len(SEQUENTIAL) - 1)]
        return SEQUENTIAL[-1]

    def text(value) -> str:
        return f"{value:g} {unit}".strip() if value is not None else "0"

    out = _svg_open(width, height, title, subtitle)
    out.append('<g class="departments">')
    for code, d in paths.items():
        value = values.get(code)
        out.append(_shape(code, shapes[code]["name"], d, colour(value), text(value), "#666", "0.5"))
    box = 110
    for i, code in enumerate(c for c in DROM if c in shapes):
        x, y = 10 + i * (box + 10), height - box - 20
        frame = Frame.fit([shapes[code]["polygons"]], x, y, box, box)
        value = values.get(code)
        out.append(
            f'<rect x="{x}" y="{y}" width="{box}" height="{box}" fill="none" '
            'stroke="#bbb" stroke-width="0.5"/>'
        )
        out.append(
            _shape(
                code,
                shapes[code]["name"],
                frame.path(shapes[code]["polygons"]),
                colour(value),
                text(value),
                "#666",
                "0.5",
            )
        )
    out.append("</g>")
    items = [(SEQUENTIAL[0], "0 ou non renseigné")]
    low = 0.0
    for i, limit in enumerate(breaks):
        items.append((SEQUENTIAL[min(i + 1, len(SEQUENTIAL) - 1)], f"{low:g} – {limit:g} {unit}"))
        low = limit
    out += _legend(items, width - 200, 70)
    out.append("</svg>")
    return "".join(out)


def installations_map(
    region: str,
    counts: Mapping[str, int],
    zones: Mapping[str, str] | None = None,
    title: str = "Installations des signataires",
    subtitle: str = "",
    width: int = 900,
    height: int = 820,
) -> str:
    """Circles sized by the number of signatories installed per commune, over the zoning
    (or blank communes) of the region."""
    paths, frame = _cached_paths("communes", region, width, height - 40)
    shapes = commune_shapes(region)
    zones = zones or {}
    out = _svg_open(width, height, title, subtitle)
    out.append('<g class="communes" opacity="0.6">')
    for code, d in paths.items():
        out.append(
            _shape(
                code,
                shapes[code]["name"],
                d,
                ZONE_COLOURS.get(zones.get(code, ""), "#f0f0f0"),
                zones.get(code, ""),
                "#ffffff",
                "0.15",
            )
        )
    out.append('</g><g class="installations">')
    biggest = max(counts.values(), default=1)
    for code, count in sorted(counts.items(), key=lambda item: -item[1]):
        if code not in shapes or count <= 0:
            continue
        x, y = frame.point(*centroid(shapes[code]["polygons"]))
        radius = round(2 + 14 * math.sqrt(count / biggest), 1)
        name = escape(shapes[code]["name"])
        out.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="#000091" fill-opacity="0.7" '
            f'stroke="#ffffff" stroke-width="0.8" data-code="{code}" data-name="{name}" '
            f'data-value="{count}"><title>{name} ({code}) : {count} installation(s)</title>'
            "</circle>"
        )
    out.append("</g>")
    items = [(ZONE_COLOURS[z], f"zone {z}") for z in ZONE_COLOURS if z in set(zones.values())]
    items.append(("#000091", "signataires installés (surface ∝ nombre)"))
    out += _legend(items, width - 300, height - 30 - 18 * (len(items) - 1))
    out.append("</svg>")
    return "".join(out)
