"""Who a kernel feature is for, without importing the accounts app (a floor above).

``Audience`` names the groups of people the kernel serves (the audience of a notification
kind, who may read the jobs page). Which audiences a user belongs to is answered by a
resolver that ``cesp.accounts`` registers in its ``AppConfig.ready()`` (from its roles).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models


class Audience(models.TextChoices):
    SIGNATORY = "signatory", "Signataires"
    UFR_AGENT = "ufr_agent", "Agents d'UFR"
    COMMISSION = "commission", "Membres de commission"
    ARS_AGENT = "ars_agent", "Agents d'ARS"
    ARS_DIRECTOR = "ars_director", "Direction d'ARS"
    NATIONAL_MANAGER = "national_manager", "Gestionnaire national"
    ADMIN = "admin", "Administrateurs"


AGENTS = frozenset(Audience) - {Audience.SIGNATORY}

_resolver: Callable[[object], frozenset[str]] | None = None


def register_resolver(resolver: Callable[[object], frozenset[str]]) -> None:
    """Called once by the accounts app: ``resolver(user)`` -> the user's audiences."""
    global _resolver
    _resolver = resolver


def audiences_of(user: object) -> frozenset[str]:
    """The audiences of a user (none when anonymous or before accounts registered)."""
    if not getattr(user, "is_authenticated", False) or _resolver is None:
        return frozenset()
    return _resolver(user)


def is_agent(user: object) -> bool:
    return bool(audiences_of(user) & AGENTS)


def is_national_or_admin(user: object) -> bool:
    return bool(audiences_of(user) & {Audience.NATIONAL_MANAGER, Audience.ADMIN})
