"""Accounts: users and the organisations they act for."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models

from .enums import OrganisationKind, Role


class Organisation(models.Model):
    """A UFR, an ARS (one per region), the national manager or a research team."""

    kind = models.CharField("type", max_length=16, choices=OrganisationKind.choices)
    name = models.CharField("nom", max_length=200)
    code = models.SlugField("code", max_length=64, unique=True)
    region_code = models.CharField(
        "code INSEE de la région", max_length=3, blank=True, help_text="ARS et UFR"
    )

    class Meta:
        verbose_name = "organisation"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using cesp, with one role, acting for at most one organisation."""

    role = models.CharField("rôle", max_length=32, choices=Role.choices, default=Role.STUDENT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    @property
    def region_code(self) -> str:
        """INSEE region of the user's organisation ('' when none)."""
        return self.organisation.region_code if self.organisation_id else ""


class ApiToken(models.Model):
    """A bearer token of an organisation for the REST API; only its sha256 is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("libellé", max_length=100)
    token_hash = models.CharField("empreinte sha256", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.organisation.code} — {self.name}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, organisation: Organisation, name: str) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = secrets.token_urlsafe(32)
        return cls.objects.create(
            organisation=organisation, name=name, token_hash=cls.hash(raw)
        ), raw

    @classmethod
    def authenticate(cls, raw: str) -> ApiToken | None:
        return (
            cls.objects.select_related("organisation")
            .filter(token_hash=cls.hash(raw), revoked_at__isnull=True)
            .first()
        )
