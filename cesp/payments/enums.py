"""Choices of the payments domain (values in English, labels in French)."""

from django.db import models


class Payer(models.TextChoices):
    """The paying manager (décret 2025-270 art. 3; workflows-payments.md §2.1, §2.9-1)."""

    CNG = "cng", "Centre national de gestion (CNG)"
    ASP = "asp", "Agence de services et de paiement (ASP)"


class LineKind(models.TextChoices):
    """Kinds of monthly line (interfaces.md §3; workflows-payments.md §2.8)."""

    REGULAR = "regular", "Mensualité"
    ARREARS = "arrears", "Rappel"
    REGULARISATION = "regularisation", "Régularisation (trop-perçu à récupérer)"
    RECOVERY_OFFSET = "recovery_offset", "Compensation d'un indu"


class LineOrigin(models.TextChoices):
    RUN = "run", "Versement mensuel"
    HISTORY = "history", "Historique repris (CNG)"


class RunStatus(models.TextChoices):
    """Steps of a monthly run (workflows-payments.md §2.8)."""

    DRAFT = "draft", "Brouillon (lignes calculées)"
    CHECKED = "checked", "Contrôlé"
    ORDERED = "ordered", "Ordonnancé"
    EXPORTED = "exported", "Fichier de virement produit"
    SENT = "sent", "Envoyé à la banque"
    ACKNOWLEDGED = "acknowledged", "Retours de la banque reçus"


class TransferStatus(models.TextChoices):
    """A transfer to one signatory in a run (one SEPA credit transfer)."""

    PENDING = "pending", "À virer"
    EXPORTED = "exported", "Dans le fichier de virement"
    SENT = "sent", "Envoyé"
    ACKNOWLEDGED = "acknowledged", "Versé (accepté par la banque)"
    REJECTED = "rejected", "Rejeté par la banque"


class FileKind(models.TextChoices):
    PAIN001 = "pain.001", "Ordre de virement SEPA (pain.001)"
    PAIN002 = "pain.002", "Compte rendu de la banque (pain.002)"
    CAMT054 = "camt.054", "Avis de crédit ou de rejet (camt.054)"


class AccountStatus(models.TextChoices):
    """A bank account declared by the signatory, until confirmed (§2.9-13)."""

    PENDING = "pending", "En attente de confirmation"
    CONFIRMED = "confirmed", "Confirmé"
    CANCELLED = "cancelled", "Annulé"
