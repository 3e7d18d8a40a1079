"""The live indicators as the dashboard shows them: one card each, in French (no Django).

A value is a share written « 33,3 % », a delay « 4,5 jours »; a value left out is
« masqué » in publication mode and « — » (nothing to compute it on) in internal mode; an
unavailable indicator says why. Presentation only: the figures
and their masking come from ``indicators`` and ``privacy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cesp.observatory.tables import OUTCOME_LABELS, PART_LABELS

MASKED = "masqué"
NONE = "—"


def percent(value: float | None, missing: str = MASKED) -> str:
    if value is None:
        return missing
    return f"{value * 100:.1f} %".replace(".", ",")


def number(value: Any, unit: str = "", missing: str = MASKED) -> str:
    if value is None:
        return missing
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


def card(indicator: dict[str, Any], missing: str = MASKED) -> Card:
    """The card of one indicator; ``missing`` stands for a value left out."""
    if not indicator["available"]:
        return Card(indicator["id"], indicator["label"], False, why=indicator.get("why", ""))

    def n(value: Any, unit: str = "") -> str:
        return number(value, unit, missing=missing)

    lines = []
    part = next((k for k in PART_LABELS if k in indicator), None)
    if part:
        lines.append(f"{n(indicator[part])} {PART_LABELS[part]} sur {n(indicator['n'])}")
    delays = indicator.get("delay_days")
    if delays:
        median = f" ; médian : {n(delays['median'], 'jours')}" if "median" in delays else ""
        lines.append(f"délai moyen : {n(delays.get('mean'), 'jours')}{median}")
    if "contracts" in indicator:
        lines.append(
            f"{n(indicator['contracts'])} contrats suivis ; en attente du premier "
            f"versement : {n(indicator['waiting'])} dans le délai, "
            f"{n(indicator['overdue'])} depuis {indicator['alert_days']} jours ou plus"
        )
    for change in indicator.get("by_change") or []:
        day = date.fromisoformat(change["valid_from"]).strftime("%d/%m/%Y")
        share_ = percent(change["value"], missing)
        lines.append(
            f"{change['label']}, en vigueur le {day} : {share_} informés "
            f"({n(change['informed'])} sur {n(change['n'])})"
        )
    for key, count in (indicator.get("outcomes") or {}).items():
        lines.append(f"{OUTCOME_LABELS.get(key, key)} : {n(count)}")
    if "outcomes" in indicator:
        value = f"{n(indicator['n'])} offres"
    else:
        value = percent(indicator["value"], missing)
    return Card(indicator["id"], indicator["label"], True, value, lines)


def cards(report: dict[str, Any]) -> list[Card]:
    publication = (report.get("privacy") or {}).get("mode") == "publication"
    missing = MASKED if publication else NONE
    return [card(indicator, missing) for indicator in report.get("indicators", [])]
