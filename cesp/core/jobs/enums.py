"""Choices of the jobs part (values in English, labels in French)."""

from django.db import models


class Outcome(models.TextChoices):
    RUNNING = "running", "En cours"
    SUCCESS = "success", "Réussie"
    FAILED = "failed", "En échec"
    ALREADY_RUNNING = "already_running", "Non lancée : déjà en cours"
