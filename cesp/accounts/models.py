"""Accounts: users and the organisations they act for."""

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
