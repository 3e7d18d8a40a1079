"""Vocabularies of the follow-up (French labels)."""

from django.db import models


class ReferentLevel(models.TextChoices):
    DEPARTMENT = "department", "Département"
    FACULTY = "faculty", "Faculté (UFR)"


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", "En présentiel"
    VIDEO = "video", "En visioconférence"
    PHONE = "phone", "Par téléphone"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planifié"
    HELD = "held", "Tenu"
    CANCELLED = "cancelled", "Annulé"


class Channel(models.TextChoices):
    ARS = "ars", "Avec l'ARS"
    NATIONAL = "national", "Avec le gestionnaire national"


class ConvocationState(models.TextChoices):
    CONVOKED = "convoked", "Convoqué"
    ATTENDED = "attended", "Présent"
    JUSTIFIED = "justified", "Absence justifiée"
    UNJUSTIFIED = "unjustified", "Absence non justifiée"
    REMINDED = "reminded", "Relancé (deuxième convocation)"
    SECOND_ABSENCE = "second_absence", "Deuxième absence non justifiée"
    MANAGER_INFORMED = "manager_informed", "Gestionnaire national informé"
    FORMAL_NOTICE = "formal_notice", "Mis en demeure"
    CLOSED = "closed", "Clos après observations"
    TERMINATED = "terminated", "Résiliation décidée"
