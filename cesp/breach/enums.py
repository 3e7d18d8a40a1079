"""Choices of the breach procedure (French labels; grounds from ``cesp.rules.vocabulary``)."""

from __future__ import annotations

from django.db import models

from cesp.rules.vocabulary import BREACH_GROUND_LABELS, CREDITOR_LABELS

Ground = models.TextChoices(
    "Ground", [(code.upper(), (code, label)) for code, label in BREACH_GROUND_LABELS.items()]
)
Creditor = models.TextChoices(
    "Creditor", [(code.upper(), (code, label)) for code, label in CREDITOR_LABELS.items()]
)


class Origin(models.TextChoices):
    LETTER = "letter", "Lettre recommandée du signataire"
    ARS_REPORT = "ars_report", "Signalement de l'ARS"


class CaseState(models.TextChoices):
    DRAFT = "draft", "En préparation"
    OPENED = "opened", "Ouvert"
    NOTICE_SENT = "notice_sent", "Mise en demeure envoyée"
    OBSERVATIONS = "observations", "Observations reçues"
    DECIDED = "decided", "Rupture décidée"
    DISMISSED = "dismissed", "Classé sans suite"
    NOTIFIED = "notified", "Sommes notifiées"
    APPEALED = "appealed", "Recours amiable formé"
    APPEAL_ANSWERED = "appeal_answered", "Recours amiable répondu"
    INSTALMENTS = "instalments", "Échéancier en cours"
    DEFAULTED = "defaulted", "Échéancier non respecté"
    PAID = "paid", "Soldé"


#: States where the case is over (nothing left to do).
CLOSED_STATES = frozenset({CaseState.DISMISSED, CaseState.PAID})


class DispatchKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Accusé de réception de la lettre de rupture"
    NOTICE = "notice", "Mise en demeure"
    DECISION = "decision", "Décision de rupture"
    NOTIFICATION = "notification", "Notification des sommes dues"
    APPEAL_ANSWER = "appeal_answer", "Réponse au recours amiable"
    PLAN = "plan", "Échéancier de remboursement"
    DEFAULT = "default", "Constat de défaillance de l'échéancier"


class Channel(models.TextChoices):
    LETTER = "letter", "Lettre recommandée"
    ONLINE = "online", "Dépôt en ligne (horodaté)"
    ORAL = "oral", "Observations orales (entretien)"
    EMAIL = "email", "Courriel avec accusé de réception"


class AppealOutcome(models.TextChoices):
    REJECTED = "rejected", "Rejeté : les sommes notifiées sont maintenues"
    GRANTED = "granted", "Accueilli : les sommes sont recalculées"
    PARTIAL = "partial", "Accueilli en partie"
