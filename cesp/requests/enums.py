"""Choices of the requests app (French labels written once in ``cesp.rules.vocabulary``)."""

from django.db import models

from cesp.rules import vocabulary


def _choices(name: str, terms: dict[str, str]) -> type[models.TextChoices]:
    return models.TextChoices(
        name, [(code.upper(), (code, label)) for code, label in terms.items()]
    )


Kind = _choices("Kind", vocabulary.REQUEST_KINDS)
State = _choices("State", vocabulary.REQUEST_STATES)
Ground = _choices("Ground", vocabulary.STUDIES_SUSPENSION_GROUNDS)
Specialty = _choices("Specialty", vocabulary.WISH_SPECIALTIES)

#: The states where the request waits on a body; the others are closed.
OPEN_STATES = frozenset({State.AWAITING_OPINION, State.TO_DECIDE})
CLOSED_STATES = frozenset({State.GRANTED, State.REFUSED, State.WITHDRAWN})


class Body(models.TextChoices):
    """Who acts on a request."""

    SIGNATORY = "signatory", "Le signataire"
    UFR = "ufr", "Le directeur de l'UFR"
    ARS = "ars", "Le directeur général de l'ARS"
    ARS_ORIGIN = "ars_origin", "Le directeur général de l'ARS de la région d'exercice"
    ARS_DESTINATION = "ars_destination", "Le directeur général de l'ARS de la région d'arrivée"
    MANAGER = "manager", "Le gestionnaire national"


class ProofKind(models.TextChoices):
    SUPPORTING = "supporting", "Justificatif"
    AGREEMENT = "agreement", "Accord écrit de l'ARS concernée"


#: The contract event each granted kind records (codes of the contracts' event types,
#: which contracts does not export; tests/requests/test_decisions.py checks each is
#: accepted by ``contracts.services.record_event``). A wish records none.
EVENT_OF_KIND: dict[str, str] = {
    "studies_suspension": "suspension",
    "third_cycle_suspension": "third_cycle_suspension_request",
    "deferral": "deferral_granted",
    "practice_suspension": "practice_suspension",
    "change_of_place": "change_of_place",
}
