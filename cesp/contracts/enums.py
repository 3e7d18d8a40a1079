"""Choices of the contracts domain (French labels; values as in interfaces.md §1)."""

import enum
from dataclasses import dataclass

from django.db import models

from cesp.rules import vocabulary


def _choices(name: str, terms: dict[str, str]) -> type[models.TextChoices]:
    """TextChoices built from a vocabulary of ``cesp.rules`` (members named by code)."""
    return models.TextChoices(
        name, [(code.upper(), (code, label)) for code, label in terms.items()]
    )


#: Professions and categories are written once, in ``cesp.rules.vocabulary``.
Profession = _choices("Profession", vocabulary.PROFESSIONS)
Category = _choices("Category", vocabulary.CATEGORIES)


class RegimeOverride(models.TextChoices):
    AUTO = "", "Automatique (selon la date de signature)"
    PRE2020 = "pre2020", "Avant 2020 (décret 2010-735)"
    POST2020 = "post2020", "Depuis 2020 (décret 2020-268)"


class EventType(models.TextChoices):
    """Event types of interfaces.md §1, plus administrative decisions and corrections."""

    SUSPENSION = "suspension", "Suspension pendant les études"
    INTERNSHIP_START = "internship_start", "Début de l'internat"
    THIRD_CYCLE_SUSPENSION_REQUEST = (
        "third_cycle_suspension_request",
        "Demande de suspension pour le troisième cycle",
    )
    DES = "des", "Diplôme d'études spécialisées (DES)"
    THESIS = "thesis", "Thèse (diplôme d'État de docteur)"
    PATHWAY_END = "pathway_end", "Fin du parcours de consolidation des compétences (PADHUE)"
    DEFERRAL = "deferral", "Report d'installation"
    PRACTICE = "practice", "Exercice"
    PRACTICE_SUSPENSION = "practice_suspension", "Suspension de l'exercice"
    BREACH = "breach", "Rupture ou fin du contrat"
    # Decisions (recorded as facts; see situation.py for how each one reaches the rules).
    INSTALLATION_DECISION = "installation_decision", "Décision d'installation"
    CHANGE_OF_PLACE = "change_of_place", "Changement de lieu d'exercice"
    DEFERRAL_GRANTED = "deferral_granted", "Report d'installation accordé"
    # A correction that withdraws the event it supersedes.
    CANCELLATION = "cancellation", "Annulation d'un événement"


class EventShape(enum.Enum):
    """How an event is dated."""

    DATE = "date"  # one date
    PERIOD = "period"  # a start, and an end unless still running
    BOUNDED_PERIOD = "bounded_period"  # a start and an end
    CORRECTION = "correction"  # no date of its own: it withdraws the event it names


@dataclass(frozen=True)
class EventSpec:
    """What one event type carries: its shape, the fields the form offers beyond the
    dates (``fields``), those the service requires (``required``), and whether a commune
    may be recorded. ``services.record_event`` and ``forms.EventForm`` read this, so a
    new event type is one declaration below."""

    shape: EventShape
    fields: tuple[str, ...] = ()
    required: frozenset[str] = frozenset()
    commune: bool = False

    @property
    def date_fields(self) -> tuple[str, ...]:
        if self.shape is EventShape.DATE:
            return ("date",)
        if self.shape is EventShape.CORRECTION:
            return ()
        return ("start", "end")

    @property
    def end_required(self) -> bool:
        return self.shape is EventShape.BOUNDED_PERIOD


_DATE = EventSpec(EventShape.DATE)
_BOUNDED = EventSpec(EventShape.BOUNDED_PERIOD)

#: The declaration of every event type (``tests/contracts/test_event_specs.py`` checks
#: that none is missing).
EVENT_SPECS: dict[str, EventSpec] = {
    EventType.SUSPENSION: EventSpec(EventShape.BOUNDED_PERIOD, fields=("suspension_reason",)),
    EventType.INTERNSHIP_START: _DATE,
    EventType.THIRD_CYCLE_SUSPENSION_REQUEST: _DATE,
    EventType.DES: _DATE,
    EventType.THESIS: _DATE,
    EventType.PATHWAY_END: _DATE,
    EventType.DEFERRAL: _BOUNDED,
    EventType.PRACTICE: EventSpec(EventShape.PERIOD, fields=("zone_share",), commune=True),
    EventType.PRACTICE_SUSPENSION: _BOUNDED,
    EventType.BREACH: EventSpec(EventShape.DATE, fields=("cause",), required=frozenset({"cause"})),
    EventType.INSTALLATION_DECISION: EventSpec(EventShape.DATE, commune=True),
    EventType.CHANGE_OF_PLACE: EventSpec(EventShape.DATE, commune=True),
    EventType.DEFERRAL_GRANTED: _BOUNDED,
    EventType.CANCELLATION: EventSpec(
        EventShape.CORRECTION, fields=("supersedes",), required=frozenset({"supersedes"})
    ),
}


class SuspensionReason(models.TextChoices):
    """Grounds of a suspension during studies (R16)."""

    MATERNITE = "maternite", "Congé de maternité"
    PATERNITE = "paternite", "Congé de paternité"
    ADOPTION = "adoption", "Congé d'adoption"
    MALADIE = "maladie", "Maladie"
    ACCIDENT = "accident", "Accident"
    DISPONIBILITE = "disponibilite", "Disponibilité"
    CONGE = "conge", "Autre congé"
    AUTRE = "autre", "Autre motif"


class BreachCause(models.TextChoices):
    VOLUNTARY = "voluntary", "Rupture à l'initiative du signataire"
    DEATH = "death", "Décès"
    INCAPACITY = "incapacity", "Incapacité totale"
    RADIATION = "radiation", "Radiation"
    ZONING_CHANGE_PROTECTED = (
        "zoning_change_protected",
        "Rupture protégée (changement de zonage)",
    )
