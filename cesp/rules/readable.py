"""Explanations a student can read: French labels for codes, French numbers.

The engine's steps keep their identifiers (JSON: ``post2020``, ``allocation.months``,
``allocation.csg_rate``…); everything a person reads goes through this module: figure
and parameter names from the vocabularies (``cesp/rules/vocabulary.py``, the parameters'
descriptions, ``references.yaml``), codes replaced by their labels, numbers written the
French way (``0,40`` and ``5 000,00 €``, never ``0.4000000000`` or ``5000.00``), and no
file path of the project.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cesp.rules import vocabulary

REGIME_LABELS = {
    "pre2020": "régime antérieur à 2020 (décret n° 2010-735)",
    "post2020": "régime de 2020 (décret n° 2020-268)",
    "post2025": "régime de 2025 (décret n° 2025-270)",
    "post2026": "régime de 2026 (décret n° 2026-4)",
}
REASON_LABELS = {
    "maternite": "maternité",
    "paternite": "paternité",
    "adoption": "adoption",
    "maladie": "maladie",
    "accident": "accident",
    "disponibilite": "disponibilité",
    "conge": "congé",
}
OTHER_LABELS = {
    "eligible": "éligible",
    "to_check": "à vérifier",
    "en_vigueur": "en vigueur",
    "cng": "Centre national de gestion (CNG)",
    "autorite_administrative": "autorité administrative (ASP)",
}

# French names of the figures, for the text rendering (the JSON keeps the identifiers).
FIGURE_LABELS = {
    "rupture.creancier": "Organisme qui recouvre les sommes dues",
    "rupture.date_limite_observations": "Date limite des observations après mise en demeure",
    "evaluation": "Évaluation du contrat",
    "regime": "Régime du contrat",
    "status": "Statut",
    "allocation": "Allocation",
    "allocation.effective_date": "Date d'effet de l'allocation",
    "allocation.diploma_date": "Date de fin de l'allocation (diplôme)",
    "allocation.months": "Mois d'allocation dus",
    "allocation.suspended_months": "Mois suspendus pendant les études",
    "allocation.suspension": "Suspension pendant les études",
    "allocation.deferral": "Reports d'installation",
    "allocation.net_total": "Total net de l'allocation",
    "allocation.net_period": "Allocation nette d'une période",
    "allocation.net_monthly": "Allocation nette du mois",
    "suspension.third_cycle_effective_date": "Effet de la suspension du troisième cycle",
    "deferral.end_date": "Fin du report d'installation",
    "engagement": "Engagement",
    "engagement.months_due": "Mois d'engagement dus",
    "engagement.months_served": "Mois d'engagement servis",
    "engagement.months_remaining": "Mois d'engagement restants",
    "engagement.month_credit": "Crédit d'un mois d'exercice",
    "engagement.calendar_months": "Mois civils nécessaires",
    "engagement.practice_suspended_months": "Mois d'exercice suspendus",
    "engagement.practice_suspension_months": "Durée de la suspension d'exercice",
    "breach.total": "Total dû en cas de rupture",
    "breach.refund": "Remboursement des allocations nettes",
    "breach.penalty": "Pénalité",
    "breach.penalty_waived": "Pénalité écartée",
    "breach.rate": "Taux dégressif",
}


# Figures whose value is an amount in euros (their prefix).
AMOUNT_FIGURES = (
    "breach.refund",
    "breach.penalty",
    "breach.total",
    "allocation.net_",
    "allocation.gross",
    "cout",
)

_CHOICE_PATH = re.compile(r"\s*\(?docs/rules-choices\.md(#\w+)?\)?")
_ANY_PATH = re.compile(r"\s*\(?\b(?:docs|cesp|tests)/[\w./#-]+\)?")
_SEED = re.compile(r"\s*\(seed \d+\)")
_YEAR_MONTH = re.compile(r"(?<![\w-])(\d{4})-(0[1-9]|1[0-2])(?![\w-])")
_LEGIFRANCE_ID = re.compile(r"\s*\((?:JORF|LEGI)\w+\)")
_DECIMAL = re.compile(r"(?<![\w.,])(\d+)\.(\d+)(?![\w.]|,\d)")
_BIG = re.compile(r"(?<![\w.,\u202f])(\d{5,})(?![\w.,])")


@lru_cache(maxsize=1)
def code_labels() -> dict[str, str]:
    """Every code a reader may meet, with its French label."""
    labels: dict[str, str] = {}
    labels.update({code: label.lower() for code, label in vocabulary.CATEGORIES.items()})
    labels["padhue"] = "PADHUE"
    labels.update({code: label.lower() for code, label in vocabulary.PROFESSIONS.items()})
    labels.update({code: label.lower() for code, label in vocabulary.STATUS_LABELS.items()})
    labels.update(REGIME_LABELS)
    labels.update(REASON_LABELS)
    labels.update(vocabulary.BREACH_CAUSE_LABELS)
    labels.update(vocabulary.CREDITOR_LABELS)
    labels.update(OTHER_LABELS)
    for code, label in _specialties().items():
        labels.setdefault(code, label)
    return labels


def _specialties() -> dict[str, str]:
    """Specialty codes a contract may carry (``medecine_generale`` …)."""
    return {
        "medecine_generale": "médecine générale",
        "chirurgie_dentaire": "chirurgie dentaire",
    }


@lru_cache(maxsize=1)
def _code_pattern() -> re.Pattern[str]:
    codes = sorted(code_labels(), key=len, reverse=True)
    return re.compile(r"(?<![\w/.#-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/-])")


def french_number(value: Decimal, decimals: int | None = None) -> str:
    """``Decimal('0.4000000000')`` → « 0,40 »; ``5000.00`` → « 5 000,00 »; ``24`` → « 24 »."""
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
        if value.as_tuple().exponent > -2:
            value = value.quantize(Decimal("0.01"))
    return f"{value:,f}".replace(",", "\u202f").replace(".", ",")


def is_amount(figure: str) -> bool:
    return figure.startswith(AMOUNT_FIGURES) and figure != "breach.rate"


def value_text(value: Any, figure: str = "", unit: str = "") -> str:
    """A value for a French reader: labels for codes, French numbers, dd/mm/yyyy dates."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if unit == "currency" or (figure and is_amount(figure)):
            return f"{french_number(number, 2)} €"
        if unit == "rate" or figure == "breach.rate":
            return french_number(number)
        return french_number(number)
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(value_text(item) for item in value) or "—"
    text = str(value)
    label = code_labels().get(text)
    if label is not None:
        return label
    if re.fullmatch(r"\d\d-\d\d", text):  # a day of the year (month-day parameters)
        month, day = text.split("-")
        return f"{day}/{month}"
    return readable(text)


@lru_cache(maxsize=16384)
def readable(text: str) -> str:
    """Free French text of a rule or a branch, without codes, paths or English decimals.

    Memoised: a pure function of its text, and the rules' texts repeat from one contract to
    the next (each call made about eight regular-expression passes)."""
    if not text:
        return text
    text = _CHOICE_PATH.sub("", text)
    text = _ANY_PATH.sub("", text)
    text = _SEED.sub("", text)
    text = _LEGIFRANCE_ID.sub("", text)
    text = re.sub(r",\s*(?=\)|$)", "", text)  # a comma left before a removed path
    text = _YEAR_MONTH.sub(r"\2/\1", text)  # a month: 2021-10 → 10/2021
    text = _code_pattern().sub(lambda m: code_labels()[m.group(1)], text)
    text = _DECIMAL.sub(lambda m: french_number(Decimal(f"{m.group(1)}.{m.group(2)}")), text)
    return _BIG.sub(lambda m: french_number(Decimal(m.group(1))), text)


def figure_name(figure: str) -> str:
    """The French name of a figure: its label, an aid's description, else its words."""
    label = FIGURE_LABELS.get(figure)
    if label:
        return label
    head, _, tail = figure.partition(".")
    if head == "aide" and tail:
        description = parameter_name(f"aids.{tail}")
        if description != f"aids.{tail}":
            return description
    words = (tail or head).replace("_", " ").replace(".", " — ")
    return words[:1].upper() + words[1:]


def parameter_name(name: str) -> str:
    """A parameter's description (French), never its key."""
    from cesp.rules.params import all_parameters

    parameter = all_parameters().get(name)
    if parameter is None or not parameter.description:
        return name.rpartition(".")[2].replace("_", " ")
    return parameter.description.strip()


def parameter_unit(name: str) -> str:
    from cesp.rules.params import all_parameters

    parameter = all_parameters().get(name)
    return parameter.unit if parameter is not None else ""
