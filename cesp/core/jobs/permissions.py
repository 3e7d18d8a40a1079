"""Who reads the jobs page: national agents and administrators."""

from __future__ import annotations

from cesp.core.audiences import is_national_or_admin


def can_view_jobs(user) -> bool:
    return is_national_or_admin(user)
