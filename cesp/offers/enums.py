"""Choices of the offers app, labels from ``cesp.rules.vocabulary`` (one definition)."""

from django.db import models

from cesp.rules import vocabulary

OfferState = models.TextChoices(
    "OfferState",
    [(code.upper(), (code, label)) for code, label in vocabulary.OFFER_STATE_LABELS.items()],
)
Proof = models.TextChoices(
    "Proof",
    [(code.upper(), (code, label)) for code, label in vocabulary.OFFER_PROOF_LABELS.items()],
)

#: An offer still running: it holds one of the contracts open (signed + pending ≤ quota).
PENDING = frozenset({"sent", "received"})
#: The offer ended with the signed contract back in time.
SIGNED = frozenset({"signed", "countersigned"})
#: The offer ended without a signature: its contract goes to the next candidate.
ENDED_UNSIGNED = frozenset({"declined", "lapsed", "withdrawn"})
#: The reason code of the transitions the daily job takes (no user).
AUTO = "AUTO"
