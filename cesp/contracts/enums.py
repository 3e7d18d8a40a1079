"""Choices of the contracts domain (French labels; values as in interfaces.md §1)."""

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


#: Types whose facts are a period (start, end) rather than a single date.
PERIOD_TYPES = frozenset(
    {
        EventType.SUSPENSION,
        EventType.DEFERRAL,
        EventType.DEFERRAL_GRANTED,
        EventType.PRACTICE,
        EventType.PRACTICE_SUSPENSION,
    }
)


#: Period types whose end is required (a practice may be open-ended).
BOUNDED_PERIOD_TYPES = PERIOD_TYPES - {EventType.PRACTICE}


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


class PaymentKind(models.TextChoices):
    """Kinds of allowance line (workflows-payments.md §2.8)."""

    REGULAR = "regular", "Mensualité"
    ARREARS = "arrears", "Rappel"
    REGULARISATION = "regularisation", "Régularisation"
    RECOVERY_OFFSET = "recovery_offset", "Compensation d'un indu"
