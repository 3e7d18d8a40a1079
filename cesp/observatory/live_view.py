"""The live indicators as the dashboard shows them: one card each, in French (no Django).

A value is a share written « 33,3 % », a delay « 4,5 jours »; a masked value (publication
mode) is « masqué », an unavailable indicator says why. Presentation only: the figures
and their masking come from ``indicators`` and ``privacy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cesp.observatory.tables import OUTCOME_LABELS, PART_LABELS

MASKED = "masqué"


def percent(value: float | None) -> str:
    if value is None:
        return MASKED
    return f"{value * 100:.1f} %".replace(".", ",")


def number(value: Any, unit: str = "") -> str:
    if value is None:
        return MASKED
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
    else:
        text = f"{value:,}".replace(",", "\u202f")
    return f"{text} {unit}".strip()


@dataclass(frozen=True)
class Card:
    id: str
    label: str
    available: bool
    value: str = ""
    lines: list[str] = field(default_factory=list)
    why: str = ""


def card(indicator: dict[str, Any]) -> Card:
    if not indicator["available"]:
        return Card(indicator["id"], indicator["label"], False, why=indicator.get("why", ""))
    lines = []
    part = next((k for k in PART_LABELS if k in indicator), None)
    if part:
        lines.append(f"{number(indicator[part])} {PART_LABELS[part]} sur {number(indicator['n'])}")
    delays = indicator.get("delay_days")
    if delays:
        lines.append(
            f"délai moyen : {number(delays.get('mean'), 'jours')}"
            + (f" ; médian : {number(delays['median'], 'jours')}" if "median" in delays else "")
        )
    if "contracts" in indicator:
        lines.append(
            f"{number(indicator['contracts'])} contrats suivis ; en attente du premier "
            f"versement : {number(indicator['waiting'])} dans le délai, "
            f"{number(indicator['overdue'])} depuis {indicator['alert_days']} jours ou plus"
        )
    for change in indicator.get("by_change") or []:
        day = date.fromisoformat(change["valid_from"]).strftime("%d/%m/%Y")
        lines.append(
            f"{change['label']}, en vigueur le {day} : {percent(change['value'])} informés "
            f"({number(change['informed'])} sur {number(change['n'])})"
        )
    for key, count in (indicator.get("outcomes") or {}).items():
        lines.append(f"{OUTCOME_LABELS.get(key, key)} : {number(count)}")
    value = number(indicator["n"]) + " offres" if "outcomes" in indicator else ""
    if not value:
        value = percent(indicator["value"])
    return Card(indicator["id"], indicator["label"], True, value, lines)


def cards(report: dict[str, Any]) -> list[Card]:
    return [card(indicator) for indicator in report.get("indicators", [])]
