"""The offer as declared transitions (``cesp.core.workflow``): who may take each step and
what the texts require. Guards return French reasons citing the article; ``data`` carries
the day of the fact (``on``, ISO) and the day it is recorded (``today``, ISO).

sent ─receipt→ received ─sign→ signed ─countersign→ countersigned
                  │  └─decline→ declined
  sent|received ──┼─withdraw→ withdrawn (désistement avant signature)
                  └─lapse (the daily job, no user)→ lapsed
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cesp.core.workflow.engine import Transition, Workflow
from cesp.rules import vocabulary

from . import permissions

ARTICLE = "Code de l'éducation, art. R631-24-5"
PERIOD = f"{ARTICLE} : trente jours pour faire parvenir le contrat signé"


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _dates(data: dict[str, Any]) -> tuple[date | None, date | None]:
    on, today = data.get("on"), data.get("today")
    return (
        date.fromisoformat(on) if on else None,
        date.fromisoformat(today) if today else None,
    )


def _when(offer: Any, data: dict[str, Any], what: str, after: date | None, since: str) -> list:
    """The date of the fact: given, not in the future, not before ``after``."""
    on, today = _dates(data)
    if on is None:
        return [f"Indiquez la date {what}."]
    reasons = []
    if today is not None and on > today:
        reasons.append(f"La date {what} ({_day(on)}) est dans le futur.")
    if after is not None and on < after:
        reasons.append(f"La date {what} ({_day(on)}) précède {since} ({_day(after)}) — {ARTICLE}.")
    return reasons


def _proof(data: dict[str, Any]) -> list[str]:
    if data.get("proof") not in vocabulary.OFFER_PROOF_LABELS:
        return [
            "Indiquez la preuve qui donne date certaine (portail, lettre recommandée "
            f"ou lettre recommandée électronique) — {ARTICLE}."
        ]
    return []


def receipt_guard(offer: Any, data: dict[str, Any]) -> list[str]:
    return _proof(data) + _when(
        offer, data, "de réception de l'offre", offer.dispatched_on, "l'envoi de l'offre"
    )


def _answer_guard(offer: Any, data: dict[str, Any], what: str) -> list[str]:
    reasons = _when(offer, data, what, offer.received_on, "la réception de l'offre")
    on, _ = _dates(data)
    deadline = offer.deadline
    if on is not None and deadline is not None and on > deadline:
        reasons.append(
            f"La date {what} ({_day(on)}) est après la date limite du {_day(deadline)} : "
            f"l'offre est caduque ({PERIOD}, à compter de la réception de l'offre)."
        )
    return reasons


def sign_guard(offer: Any, data: dict[str, Any]) -> list[str]:
    return _proof(data) + _answer_guard(offer, data, "de réception du contrat signé")


def decline_guard(offer: Any, data: dict[str, Any]) -> list[str]:
    return _answer_guard(offer, data, "du refus")


def withdraw_guard(offer: Any, data: dict[str, Any]) -> list[str]:
    """A withdrawal ends a pending offer; once the deadline has passed the offer has
    lapsed instead (R631-24-5), as the cascade rule replays it."""
    reasons = _when(offer, data, "du désistement", offer.dispatched_on, "l'envoi de l'offre")
    on, _ = _dates(data)
    deadline = offer.deadline
    if on is not None and deadline is not None and on > deadline:
        reasons.append(
            f"La date du désistement ({_day(on)}) est après la date limite du "
            f"{_day(deadline)} : l'offre est caduque ({PERIOD}, à compter de la réception "
            "de l'offre)."
        )
    return reasons


def lapse_guard(offer: Any, data: dict[str, Any]) -> list[str]:
    _, today = _dates(data)
    deadline = offer.deadline
    if deadline is None or today is None or today <= deadline:
        return [f"Le délai de réflexion court encore ({PERIOD})."]
    return []


def countersign_guard(offer: Any, data: dict[str, Any]) -> list[str]:
    return _when(offer, data, "du contreseing", offer.answered_on, "le retour du contrat signé")


def _manager(user: Any, offer: Any) -> bool:
    return permissions.can_manage_offers(user)


def _manager_or_candidate(user: Any, offer: Any) -> bool:
    return permissions.can_manage_offers(user) or permissions.can_answer(user, offer)


def _system(user: Any, offer: Any) -> bool:
    return user is None


OFFER = Workflow(
    name="offer",
    state_field="state",
    states=dict(vocabulary.OFFER_STATE_LABELS),
    transitions=[
        Transition(
            "receipt",
            "Enregistrer la réception de l'offre",
            ("sent",),
            "received",
            _manager,
            receipt_guard,
        ),
        Transition(
            "sign",
            "Enregistrer le retour du contrat signé",
            ("received",),
            "signed",
            _manager_or_candidate,
            sign_guard,
        ),
        Transition(
            "decline",
            "Enregistrer le refus de l'offre",
            ("received",),
            "declined",
            _manager_or_candidate,
            decline_guard,
        ),
        Transition(
            "withdraw",
            "Enregistrer un désistement avant signature",
            ("sent", "received"),
            "withdrawn",
            _manager,
            withdraw_guard,
            needs_reason=True,
        ),
        Transition(
            "lapse",
            "Constater la caducité de l'offre",
            ("sent", "received"),
            "lapsed",
            _system,
            lapse_guard,
        ),
        Transition(
            "countersign",
            "Contresigner le contrat",
            ("signed",),
            "countersigned",
            _manager,
            countersign_guard,
        ),
    ],
)
