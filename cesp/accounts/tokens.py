"""API access by organisation token (``Authorization: Bearer …``).

A token acts for its organisation with the role that organisation's agents hold
(UFR → UFR agent, ARS → ARS referent, national → national agent, research →
researcher), so the same permission predicates apply to people and programs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from .enums import OrganisationKind, Role
from .models import ApiToken, Organisation

ROLE_OF_KIND = {
    OrganisationKind.UFR: Role.UFR_AGENT,
    OrganisationKind.ARS: Role.ARS_REFERENT,
    OrganisationKind.NATIONAL: Role.NATIONAL_AGENT,
    OrganisationKind.RESEARCH: Role.RESEARCHER,
}


@dataclass(frozen=True)
class TokenPrincipal:
    """Who a token request acts as: duck-types the parts of ``User`` permissions read."""

    token_id: int
    organisation: Organisation
    role: str
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    is_staff: bool = False
    pk: None = None

    @property
    def organisation_id(self) -> int:
        return self.organisation.pk

    @property
    def region_code(self) -> str:
        return self.organisation.region_code

    @property
    def username(self) -> str:
        """The label the audit log keeps for a token's writes."""
        return f"jeton:{self.organisation.code}#{self.token_id}"


def principal_for(token: ApiToken) -> TokenPrincipal:
    return TokenPrincipal(token.pk, token.organisation, ROLE_OF_KIND[token.organisation.kind])


class OrganisationTokenAuth(HttpBearer):
    """Bearer token of an organisation; revoked or unknown tokens are refused (401)."""

    def __call__(self, request):
        """Like ``HttpBearer`` but never logs the header (it holds a secret)."""
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token: str):
        found = ApiToken.authenticate(token)
        if found is None or found.revoked_at is not None:
            return None
        request.api_token_used_at = timezone.now()
        return principal_for(found)


CSRF_REFUSED = (
    "Vérification CSRF échouée : rechargez la page avant d'envoyer, "
    "ou utilisez un jeton d'API (en-tête Authorization: Bearer)."
)


class SessionAuth(NinjaSessionAuth):
    """Django's session, with the CSRF check only for a signed-in session.

    django-ninja checks CSRF before looking at the session, so a program with a missing
    or bad token got a CSRF 403 instead of a 401. A request without a signed-in session
    is simply not authenticated by this scheme (401 when no other scheme accepts it).
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        exempt = not self.csrf or getattr(request, "_ninja_csrf_exempt", False)
        if not exempt and check_csrf(request) is not None:
            raise HttpError(403, CSRF_REFUSED)
        return request.user


#: The authentication of every API router: an organisation's token, or a person's session.
API_AUTH = [OrganisationTokenAuth(), SessionAuth()]
