"""The statement of sums (*décompte*): read from the rules through ``contracts.figures``.

The contract's recorded breach event and the payments actually made give the rules'
result; this module only reads it for a person: each step of the breach figures with its
rule, its branch, every parameter (value, in force since, legal text) and its sources,
the engine's version and parameters digest, and the net paid month by month (arrêté du
26 mai 2020, art. 1: « allocations nettes perçues »; workflows-payments.md §4.3 req. 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.rules import params
from cesp.rules.money import format_euros_fr
from cesp.rules.readable import figure_name, parameter_name, value_text

#: The text that set the penalty, by the rules' ``arrete_version`` (cesp.rules.breach).
VERSION_LABELS = {
    "V1": "arrêté du 24 juin 2011, version initiale",
    "V2": "arrêté du 24 juin 2011, version du 28 mars 2012",
    "V3": "arrêté du 24 juin 2011, version du 8 novembre 2013",
    "2013": "arrêté du 29 octobre 2013 (odontologie)",
    "2020": "arrêté du 26 mai 2020",
}

BREACH_FIGURES = ("breach.refund", "breach.penalty", "breach.penalty_waived", "breach.rate")


@dataclass
class Sums:
    """The sums due after a breach, as the rules compute them on ``as_of``."""

    as_of: date
    breach_date: date
    cause: str
    refund: Decimal
    penalty: Decimal
    rate: str
    total: Decimal
    arrete_version: str
    engine_version: str
    parameters_digest: str
    payments: list[dict[str, str]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

    @property
    def version_label(self) -> str:
        return VERSION_LABELS.get(self.arrete_version, self.arrete_version or "—")

    @property
    def net_paid(self) -> Decimal:
        return sum((Decimal(p["net"]) for p in self.payments), Decimal(0))

    def lines(self) -> list[str]:
        """The statement in French sentences (documents)."""
        out = [
            f"Date d'effet de la rupture : {self.breach_date:%d/%m/%Y}.",
            f"Allocations nettes perçues (remboursement) : {format_euros_fr(self.refund)}"
            + (
                f", d'après {len(self.payments)} mois de versements effectivement payés."
                if self.payments
                else " (aucun versement enregistré : mois d'allocation dus au net)."
            ),
            f"Pénalité : {format_euros_fr(self.penalty)}.",
            f"Taux dégressif : {value_text(Decimal(self.rate), 'breach.rate')}.",
            f"Total dû : {format_euros_fr(self.total)}.",
            f"Texte appliqué : {self.version_label}.",
        ]
        return out


#: A path into the project's docs, written in some rules' choices and citations.
DOCS_PATH = re.compile(r",?\s*\(?docs/[\w./#-]+\)?")


def _clean(text: str) -> str:
    """The text without the project's documentation paths (users never see a path)."""
    return DOCS_PATH.sub("", text).strip()


def _parameter(entry: dict[str, Any]) -> dict[str, str]:
    name = entry.get("name", "")
    start = entry.get("start")
    return {
        "name": parameter_name(name),
        "value": value_text(entry.get("value")),
        "since": date.fromisoformat(start).strftime("%d/%m/%Y") if start else "",
        "citation": _clean(params.citation(entry["reference"])) if entry.get("reference") else "",
    }


def _steps(explanation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The breach steps of the rules' explanation, for a reader."""
    steps = []
    for entry in explanation:
        if entry.get("figure") not in (*BREACH_FIGURES, "breach.total"):
            continue
        steps.append(
            {
                "figure": figure_name(entry["figure"]),
                "value": value_text(entry.get("value"), entry["figure"]),
                "rule": entry.get("rule", ""),
                "branch": entry.get("branch", ""),
                "choice": _clean(entry.get("choice", "")),
                "sources": list(entry.get("sources", [])),
                "parameters": [_parameter(p) for p in entry.get("parameters", [])],
            }
        )
    return steps


def _sums(result: dict[str, Any], contract: Contract, as_of: date) -> Sums | None:
    breach = result.get("breach")
    if not breach:
        return None
    paid = figures.situation_for(contract, as_of).get("payments") or []
    return Sums(
        as_of=as_of,
        breach_date=date.fromisoformat(breach["date"]),
        cause=breach["cause"],
        refund=Decimal(breach["refund"]),
        penalty=Decimal(breach["penalty"]),
        rate=breach["rate"],
        total=Decimal(breach["total"]),
        arrete_version=breach.get("arrete_version", ""),
        engine_version=result["engine_version"],
        parameters_digest=result["parameters_digest"],
        payments=list(paid),
        steps=_steps(result.get("explanation", [])),
    )


def sums_of(contract: Contract, as_of: date) -> Sums | None:
    """The sums of the contract's recorded breach on ``as_of`` (None without a breach).
    Raises ``SituationError`` when the rules refuse the facts."""
    return _sums(figures.figures(contract, as_of=as_of, explain=True), contract, as_of)


def estimate(contract: Contract, on: date) -> Sums | None:
    """What a breach taking effect on ``on`` would cost (``figures.breach_today``), before
    the decision records it; None when the contract already has a breach."""
    result = figures.breach_today(contract, as_of=on)
    return _sums(result, contract, on) if result else None
