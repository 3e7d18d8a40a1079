"""Choices of the notifications part (values in English, labels in French)."""

from django.db import models


class Status(models.TextChoices):
    PENDING = "pending", "En attente d'envoi"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Échec de l'envoi"
    NO_ADDRESS = "no_address", "Sans adresse électronique : consultable ici seulement"
