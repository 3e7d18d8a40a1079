"""Contract offers: the 30-day reflection period and the cascade down the lists (R10).

The national manager offers contracts by rank, principal list first, until the open
contracts run out. A candidate has 30 days from receiving the offer to return the signed
contract (décret 2010-735 art. 4; R631-24-5). An offer not returned within the period
lapses and the contract goes to the next candidate of the complementary list, in rank
order, until the list is exhausted (FAQ of the ministry). Oracle T33.

Choice (documented in docs/rules-docs.md): day 30 is included — a contract received on
D + 30 is in time; there is no extension for week-ends or holidays (none in the texts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Figure, Rejected, Step

SOURCES = (
    "Décret n° 2010-735 du 29 juin 2010, art. 4",
    "Code de l'éducation, art. R631-24-5",
)
SOURCE_CASCADE = "FAQ du ministère (médecine) : offre aux candidats suivants de la liste"
STATUS_LABELS = {
    "signed": "contrat signé",
    "declined": "offre refusée",
    "lapsed": "offre caduque",
    "pending": "offre en cours",
}


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer made to ``candidate``, received on ``received``; the signed contract came
    back on ``returned`` (or not yet), or the candidate ``declined``."""

    candidate: str
    received: date
    returned: date | None = None
    declined: bool = False

    def __post_init__(self) -> None:
        if self.returned is not None and self.returned < self.received:
            raise SituationError(
                "returned",
                self.returned.isoformat(),
                SOURCES[1],
                f"le contrat ne peut revenir avant la réception de l'offre ({self.received})",
            )


def signed_contract_due(offer_received: date) -> Figure[date]:
    """The last day on which the signed contract may be received (R10, T33: D + 30)."""
    try:
        period = params.value("offers.reflection_period_days", offer_received)
    except ParameterError:
        raise SituationError(
            "offer_received", offer_received.isoformat(), SOURCES[0], "date antérieure au CESP"
        ) from None
    due = offer_received + timedelta(days=period.value)
    step = Step(
        figure="offre.date_limite_retour",
        value=due,
        rule=(
            f"Le candidat dispose de {period.value} jours à compter de la réception de l'offre "
            f"({offer_received.strftime('%d/%m/%Y')}) pour retourner le contrat signé."
        ),
        branch="le dernier jour du délai est inclus",
        parameters=(period,),
        sources=SOURCES,
    )
    return Figure(due, step)


def offer_status(offer: Offer, today: date) -> Figure[str]:
    """``signed``, ``declined``, ``lapsed`` or ``pending`` on ``today``."""
    due = signed_contract_due(offer.received)
    if offer.declined:
        status, why = "declined", "le candidat a renoncé"
    elif offer.returned is not None and offer.returned <= due.value:
        status, why = "signed", f"contrat reçu le {offer.returned.strftime('%d/%m/%Y')}, à temps"
    elif offer.returned is not None or today > due.value:
        status, why = "lapsed", "contrat non reçu dans le délai : l'offre est caduque"
    else:
        status, why = "pending", "délai de réflexion en cours"
    step = Step(
        figure="offre.statut",
        value=status,
        rule="Une offre non retournée dans le délai passe au candidat suivant.",
        branch=why,
        sources=SOURCES,
        children=(due.step,),
    )
    return Figure(status, step)


def next_candidates(
    principal: list[str],
    complementary: list[str],
    open_contracts: int,
    offers: list[Offer],
    today: date,
) -> Figure[list[str]]:
    """Who should receive an offer now: the next candidates by rank, as many as the
    contracts neither signed nor under a running offer (R10, cascade)."""
    if open_contracts < 0:
        raise SituationError("open_contracts", open_contracts, SOURCES[1], "nombre négatif")
    ranked = list(principal) + list(complementary)
    duplicates = {name for name in ranked if ranked.count(name) > 1}
    if duplicates:
        raise SituationError(
            "listes",
            sorted(duplicates)[0],
            "Code de l'éducation, art. R631-24-4",
            "un candidat figure deux fois sur les listes",
        )
    offered = {}
    for offer in offers:
        if offer.candidate not in ranked:
            raise SituationError(
                "offers", offer.candidate, SOURCES[1], "offre à un candidat absent des listes"
            )
        offered[offer.candidate] = offer_status(offer, today)
    taken = sum(1 for status in offered.values() if status.value in {"signed", "pending"})
    free = max(0, open_contracts - taken)
    waiting = [name for name in ranked if name not in offered]
    chosen = waiting[:free]
    exhausted = free > len(waiting)
    step = Step(
        figure="offre.candidats_suivants",
        value=chosen,
        rule=(
            f"{open_contracts} contrats ouverts, {taken} signés ou en cours d'offre : "
            f"{free} à proposer, par rang, liste principale puis complémentaire."
        ),
        branch=(
            "listes épuisées : des contrats restent à pourvoir (réaffectation possible)"
            if exhausted
            else f"offre à {len(chosen)} candidat(s)"
        ),
        rejected=tuple(
            Rejected(name, STATUS_LABELS[status.value]) for name, status in offered.items()
        ),
        sources=(*SOURCES, SOURCE_CASCADE),
        children=tuple(status.step for status in offered.values()),
    )
    return Figure(chosen, step)
