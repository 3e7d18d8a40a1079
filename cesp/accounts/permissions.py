"""Account-level predicates."""

from __future__ import annotations

from .enums import Role


def is_agent(user) -> bool:
    """Agents (every role but student and researcher) get the stricter session rules."""
    return bool(user.is_authenticated and user.role not in {Role.STUDENT, Role.RESEARCHER})


def can_manage_users(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def can_use_observatory(user) -> bool:
    """Researchers (pseudonymised data), national agents, ARS, admins."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role
        in {Role.RESEARCHER, Role.NATIONAL_AGENT, Role.ARS_REFERENT, Role.ARS_DIRECTOR, Role.ADMIN}
    )
