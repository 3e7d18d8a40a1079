"""Plausible facts only (issue 12 §4): dates within the scheme's history, people of a
plausible age, regions of the reference geography, free text of bounded length.

Each check returns the French messages of a field (``{field: [message]}``), empty when the
fact is plausible; ``Contract.clean`` and ``ContractEvent.clean`` raise them, so the web
forms, the API, the import's dry run and the services all refuse the same facts.
"""

from __future__ import annotations

from datetime import date

from cesp.core.audit.models import REASON_MAX_LENGTH
from cesp.core.geography import regions
from cesp.rules import params

#: Free text (reasons, notes) is capped like the audit log's reasons: a few sentences.
MAX_FREE_TEXT = REASON_MAX_LENGTH
#: A signature is dated at most this many days ahead (a campaign being signed).
MAX_SIGNATURE_AHEAD_DAYS = 366
#: Ages at signature: a student of at least 16, a PADHUE of at most 70.
MIN_AGE_AT_SIGNATURE, MAX_AGE_AT_SIGNATURE = 16, 70
#: A fact of a contract's life lies at most this many years after the signature
#: (the longest career: studies, deferral, an engagement served at half time).
MAX_YEARS_AFTER_SIGNATURE = 30


def scheme_start() -> date:
    """The day the CESP came into force (décret n° 2010-735, ``regime.cesp_start``)."""
    return params.value("regime.cesp_start", date(2010, 7, 2)).value


def signature_problems(signature: date | None, today: date) -> dict[str, list[str]]:
    """A signature within the scheme's history: not before it existed, not years ahead."""
    if signature is None:
        return {}
    start = scheme_start()
    if signature < start:
        return {
            "signature_date": [
                f"Date de signature invraisemblable : le CESP n'existe que depuis le "
                f"{start:%d/%m/%Y} (décret n° 2010-735)."
            ]
        }
    if (signature - today).days > MAX_SIGNATURE_AHEAD_DAYS:
        return {
            "signature_date": [
                f"Date de signature invraisemblable : plus d'un an après aujourd'hui "
                f"({today:%d/%m/%Y})."
            ]
        }
    return {}


def birth_problems(birth: date | None, signature: date | None) -> dict[str, list[str]]:
    """A signatory aged 16 to 70 at signature (never born after it)."""
    if birth is None or signature is None:
        return {}
    age = (
        signature.year - birth.year - ((signature.month, signature.day) < (birth.month, birth.day))
    )
    if age < MIN_AGE_AT_SIGNATURE or age > MAX_AGE_AT_SIGNATURE:
        return {
            "birth_date": [
                f"Date de naissance invraisemblable : {age} ans à la signature "
                f"(entre {MIN_AGE_AT_SIGNATURE} et {MAX_AGE_AT_SIGNATURE} ans attendus)."
            ]
        }
    return {}


def region_problems(**codes: str) -> dict[str, list[str]]:
    """Each non-empty region code is a region of the reference geography."""
    known = regions()
    return {
        field: [f"Région inconnue « {code} » : indiquez un code INSEE de région (ex. 76)."]
        for field, code in codes.items()
        if code and code not in known
    }


def event_date_problems(signature: date | None, **days: date | None) -> dict[str, list[str]]:
    """Each date of an event lies between the scheme's start and 30 years after signature."""
    start = scheme_start()
    end = _years_after(signature, MAX_YEARS_AFTER_SIGNATURE) if signature else None
    problems: dict[str, list[str]] = {}
    for field, day in days.items():
        if day is None:
            continue
        if day < start:
            problems[field] = [
                f"Date invraisemblable : antérieure à l'entrée en vigueur du CESP "
                f"({start:%d/%m/%Y})."
            ]
        elif end is not None and day > end:
            problems[field] = [
                f"Date invraisemblable : plus de {MAX_YEARS_AFTER_SIGNATURE} ans après la "
                f"signature ({signature:%d/%m/%Y})."
            ]
    return problems


def free_text_problems(**texts: str) -> dict[str, list[str]]:
    """Free text of at most ``MAX_FREE_TEXT`` characters."""
    return {
        field: [
            f"Texte trop long : {_count(len(text))} caractères, {_count(MAX_FREE_TEXT)} au plus."
        ]
        for field, text in texts.items()
        if text and len(text) > MAX_FREE_TEXT
    }


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _count(number: int) -> str:
    """« 1 048 576 »: thousands separated by a narrow no-break space."""
    return f"{number:,}".replace(",", "\u202f")
