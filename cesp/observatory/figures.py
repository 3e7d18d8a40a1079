"""Figures as inline SVG (no external asset, no network), no Django.

Used by the self-contained HTML report and the dashboard. Masked values (publication
mode) are ``None`` and drawn as absent with a note. SVG text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from cesp.observatory.tables import GROUP_LABELS, PHASE_LABELS
from cesp.rules.vocabulary import profession_in_text

BLUE = "#000091"  # DSFR "bleu France"
PALETTE = ("#000091", "#6a6af4", "#e1000f", "#18753c", "#b34000", "#695240")
FONT = "font-family='Marianne, Arial, sans-serif'"


def _svg(width: int, height: int, body: list[str], title: str, xmlns: bool) -> str:
    ns = " xmlns='http://www.w3.org/2000/svg'" if xmlns else ""
    return (
        f"<svg{ns} viewBox='0 0 {width} {height}' width='100%' role='img' "
        f"aria-label='{escape(title, {chr(39): '&#39;'})}' {FONT}>"
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.1f}".replace(".", ",")


def bar_chart(
    items: Sequence[tuple[str, float | None]],
    title: str,
    *,
    unit: str = "",
    percent: bool = False,
    xmlns: bool = False,
) -> str:
    """Vertical bars with value labels; ``None`` values are shown as masked."""
    shown = [(label, v * 100 if percent and v is not None else v) for label, v in items]
    longest = max((len(label) for label, _ in shown), default=0)
    rotate = len(shown) > 8 or longest * len(shown) > 70
    extra = min(6 * longest, 120) if rotate else 0
    width, height, left, bottom, top = 640, 300 + extra, 40 + extra // 3, 60 + extra, 45
    peak = max((v for _, v in shown if v is not None), default=0) or 1
    slot = (width - left - 10) / max(len(shown), 1)
    body = [
        f"<text x='{width / 2}' y='18' text-anchor='middle' font-size='14' "
        f"font-weight='bold'>{escape(title)}</text>"
    ]
    body.append(
        f"<line x1='{left}' y1='{height - bottom}' x2='{width - 10}' y2='{height - bottom}' "
        "stroke='#666'/>"
    )
    for i, (label, value) in enumerate(shown):
        x = left + i * slot + slot * 0.15
        bar_width = slot * 0.7
        if value is None:
            body.append(
                f"<text x='{x + bar_width / 2}' y='{height - bottom - 4}' text-anchor='middle' "
                f"font-size='10' fill='#666'>masqué</text>"
            )
        else:
            bar = (height - bottom - top) * value / peak
            y = height - bottom - bar
            text = _fmt(value) + (" %" if percent else unit)
            body.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_width:.1f}' height='{bar:.1f}' "
                f"fill='{BLUE}'/>"
            )
            body.append(
                f"<text x='{x + bar_width / 2:.1f}' y='{y - 3:.1f}' text-anchor='middle' "
                "font-size='10'>"
                f"{escape(text)}</text>"
            )
        anchor = "end" if rotate else "middle"
        transform = (
            f" transform='rotate(-45 {x + bar_width / 2:.1f} {height - bottom + 14})'"
            if rotate
            else ""
        )
        body.append(
            f"<text x='{x + bar_width / 2:.1f}' y='{height - bottom + 14}' text-anchor='{anchor}' "
            f"font-size='10'{transform}>{escape(label)}</text>"
        )
    return _svg(width, height, body, title, xmlns)


def flow_diagram(flow: dict[str, Any], *, xmlns: bool = False) -> str:
    """STROBE-style inclusion flow: main boxes down the left, exits on the right."""

    def n(value: Any) -> str:
        return "< 11" if value is None else _fmt(value)

    professions = flow["not_included"]["profession"]
    included = None
    if flow["profiles"] is not None:
        parts = [*professions.values(), flow["not_included"]["withdrawn_before_signature"]]
        if flow["not_included"].get("profession_unknown") is not None:
            parts.append(flow["not_included"].get("profession_unknown", 0))
        included = None if any(p is None for p in parts) else flow["profiles"] - sum(parts)
    not_included = [f"{n(v)} étudiants en {profession_in_text(k)}" for k, v in professions.items()]
    not_included.append(
        f"{n(flow['not_included']['withdrawn_before_signature'])} rétractés avant signature"
    )
    if "profession_unknown" in flow["not_included"]:
        not_included.append(f"{n(flow['not_included']['profession_unknown'])} profession inconnue")
    excluded = [
        f"{n(flow['excluded']['deceased'])} décès",
        f"{n(flow['excluded']['without_data'])} profil(s) sans donnée",
    ]
    main = [
        f"{n(flow['profiles'])} profils dans les données initiales",
        f"{n(included)} profils inclus",
        f"{n(flow['studied'])} profils étudiés",
    ]
    width, height = 640, 330
    body = [
        "<defs><marker id='arrow' markerWidth='8' markerHeight='8' refX='6' refY='3' orient='auto'>"
        "<path d='M0,0 L6,3 L0,6 z' fill='#333'/></marker></defs>"
    ]
    boxes_y = (20, 140, 260)
    for y, text in zip(boxes_y, main, strict=True):
        body.append(
            f"<rect x='20' y='{y}' width='260' height='46' rx='4' fill='#f5f5fe' stroke='{BLUE}'/>"
        )
        body.append(
            f"<text x='150' y='{y + 28}' text-anchor='middle' font-size='13'>{escape(text)}</text>"
        )
    for y0, y1 in ((66, 140), (186, 260)):
        body.append(
            f"<line x1='150' y1='{y0}' x2='150' y2='{y1 - 2}' stroke='#333' "
            "marker-end='url(#arrow)'/>"
        )
    for top, title, lines in ((72, "Non inclus", not_included), (196, "Exclus", excluded)):
        box_height = 22 + 16 * len(lines)
        body.append(
            f"<line x1='150' y1='{top + box_height / 2}' x2='338' "
            f"y2='{top + box_height / 2}' stroke='#333' marker-end='url(#arrow)'/>"
        )
        body.append(
            f"<rect x='340' y='{top}' width='280' height='{box_height}' rx='4' fill='#fff' "
            "stroke='#666'/>"
        )
        body.append(
            f"<text x='350' y='{top + 16}' font-size='12' font-weight='bold'>{title} :</text>"
        )
        for i, line in enumerate(lines):
            body.append(
                f"<text x='360' y='{top + 32 + 16 * i}' font-size='12'>– {escape(line)}</text>"
            )
    return _svg(width, height, body, "Diagramme de flux", xmlns)


def step_curve(curve: Sequence[dict[str, Any]], title: str, *, xmlns: bool = False) -> str:
    """Kaplan–Meier: share installed (1 − S) by month since diploma, as steps."""
    width, height, left, bottom, top, right = 640, 300, 50, 40, 30, 20
    points = [(s["month"], 1 - s["survival"]) for s in curve if s.get("survival") is not None]
    last = max((m for m, _ in points), default=1) or 1
    body = [
        f"<text x='{width / 2}' y='18' text-anchor='middle' font-size='14' "
        f"font-weight='bold'>{escape(title)}</text>"
    ]

    def xy(month: float, value: float) -> tuple[float, float]:
        return (
            left + (width - left - right) * month / last,
            height - bottom - (height - bottom - top) * value,
        )

    for tick in (0, 0.25, 0.5, 0.75, 1):
        _, y = xy(0, tick)
        body.append(
            f"<line x1='{left}' y1='{y:.1f}' x2='{width - right}' y2='{y:.1f}' stroke='#ddd'/>"
        )
        body.append(
            f"<text x='{left - 4}' y='{y + 4:.1f}' text-anchor='end' "
            f"font-size='10'>{int(tick * 100)} %</text>"
        )
    step = max(6, (last // 8 // 6 + 1) * 6)
    for month in range(0, last + 1, step):
        x, _ = xy(month, 0)
        body.append(
            f"<text x='{x:.1f}' y='{height - bottom + 14}' text-anchor='middle' "
            f"font-size='10'>{month}</text>"
        )
    body.append(
        f"<text x='{width / 2}' y='{height - 6}' text-anchor='middle' font-size='11'>mois "
        "depuis le diplôme</text>"
    )
    path = [f"M{left},{height - bottom}"]
    current = 0.0
    for month, value in points:
        x, y_old = xy(month, current)
        _, y_new = xy(month, value)
        path.append(f"L{x:.1f},{y_old:.1f} L{x:.1f},{y_new:.1f}")
        current = value
    body.append(f"<path d='{' '.join(path)}' fill='none' stroke='{BLUE}' stroke-width='2'/>")
    return _svg(width, height, body, title, xmlns)


def delays_chart(delays: dict[str, Any], *, xmlns: bool = False) -> str:
    items = []
    for name, label in (("thesis_to_installation", "thèse"), ("des_to_installation", "DES")):
        for group in ("completed", "installed", "all"):
            items.append((f"{label} – {GROUP_LABELS[group]}", delays[name][group]["mean"]))
    return bar_chart(items, "Délai moyen jusqu'à l'installation (mois)", xmlns=xmlns)


def phases_chart(phases: dict[str, Any], *, xmlns: bool = False) -> str:
    return bar_chart(
        [(PHASE_LABELS[p], b["n"]) for p, b in phases.items()],
        "Phase d'avancée du contrat",
        xmlns=xmlns,
    )


def density_chart(installations: dict[str, Any], *, xmlns: bool = False) -> str:
    labels = {"rural": "Rurale", "small_town": "Petite ville", "urban": "Urbaine"}
    items = [(labels[k], installations["density"][k]) for k in ("rural", "small_town", "urban")]
    return bar_chart(
        items, "Densité de la commune d'installation (INSEE)", percent=True, xmlns=xmlns
    )


def signatures_chart(per_year: dict[str, Any], *, xmlns: bool = False) -> str:
    return bar_chart(list(per_year.items()), "Signatures par année", xmlns=xmlns)


def breach_chart(years: dict[str, Any], *, xmlns: bool = False) -> str:
    items = [(year, block["cumulative_incidence"]["24"]) for year, block in years.items()]
    return bar_chart(
        items,
        "Ruptures à 24 mois de la signature, par année (incidence cumulée)",
        percent=True,
        xmlns=xmlns,
    )
