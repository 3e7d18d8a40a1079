"""Who sees what in the observatory (pure predicates and querysets).

- national agents and administrators: every contract, internal or publication mode;
- ARS referents and directors: the contracts followed in their region (the platform's
  scope, ``Contract.objects.visible_to``), region fixed, internal or
  publication mode;
- researchers: every contract, pseudonymised only (aggregates and month-precision
  extracts keyed by the research pseudonym), always in publication mode;
- everyone else: no access (404, as for anything out of scope).
"""

from __future__ import annotations

from django.db.models import QuerySet

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ARS_ROLES, ars_region, is_active_user, is_national
from cesp.contracts.models import Contract


def can_view_observatory(user) -> bool:
    if is_national(user) or is_researcher(user):
        return True
    return bool(ars_region(user))


def is_researcher(user) -> bool:
    return is_active_user(user) and user.role == Role.RESEARCHER and not user.is_superuser


def fixed_region(user) -> str | None:
    """The region an ARS user is confined to, None for national scopes."""
    if is_active_user(user) and user.role in ARS_ROLES and not is_national(user):
        return ars_region(user) or None
    return None


def observatory_contracts(user) -> QuerySet[Contract]:
    if not can_view_observatory(user):
        return Contract.objects.none()
    if is_national(user) or is_researcher(user):
        return Contract.objects.all()
    return Contract.objects.visible_to(user)


def can_download_extract(user) -> bool:
    """Pseudonymised cohort extract (month-precision dates): researchers and national."""
    return can_view_observatory(user) and (is_researcher(user) or is_national(user))


def can_use_internal_mode(user) -> bool:
    """Unmasked figures (internal mode): only for those who may already read the
    contracts of their scope one by one (national agents, administrators, ARS in their
    region). Researchers never: their scope is wider than what they may read."""
    return can_view_observatory(user) and not is_researcher(user)


def publication_mode(user, requested: bool | None = None) -> bool:
    """Whether the report is masked for publication, decided by the server: forced for
    whoever may not use internal mode, whatever was asked; else as asked (default off)."""
    if not can_use_internal_mode(user):
        return True
    return bool(requested)
