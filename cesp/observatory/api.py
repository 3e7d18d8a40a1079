"""REST API of the observatory: the cohort report of the caller's scope (JSON).

Same scope as the dashboard (``permissions``): national and research tokens see every
contract (research: publication mode forced, pseudonymised aggregates only), ARS tokens
their region; others get 404. Unknown query parameters are refused (422).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import ValidationError as SchemaValidationError
from pydantic import ConfigDict, Field, model_validator

from cesp.accounts.tokens import API_AUTH
from cesp.observatory import permissions, services
from cesp.rules.vocabulary import PROFESSIONS

router = Router(tags=["observatoire"], auth=API_AUTH)

Profession = Literal[tuple(PROFESSIONS)]  # type: ignore[valid-type]


class ReportQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    region: str = Field(
        "76", pattern=r"^(\d{2})?$", description="code INSEE de la région ; vide : toutes"
    )
    profession: Profession = "medecine"
    campaign_from: int | None = Field(None, ge=2009, le=2100)
    campaign_to: int | None = Field(None, ge=2009, le=2100)
    publication: bool = Field(
        False,
        description="masquer les effectifs < 11 (toujours appliqué pour la recherche, "
        "quelle que soit la valeur demandée)",
    )

    @model_validator(mode="after")
    def _ordered(self) -> ReportQuery:
        if self.campaign_from and self.campaign_to and self.campaign_from > self.campaign_to:
            raise ValueError("campaign_to doit suivre campaign_from")
        return self


@router.get(
    "/report", summary="Rapport de cohorte (interfaces.md §2) sur les contrats de mon périmètre"
)
def report(request, query: Query[ReportQuery]) -> dict[str, Any]:
    unknown = sorted(set(request.GET) - set(ReportQuery.model_fields))
    if unknown:
        errors = [
            {"loc": ["query", name], "msg": "champ inconnu", "type": "extra_forbidden"}
            for name in unknown
        ]
        raise SchemaValidationError(errors)
    user = request.auth
    if not permissions.can_view_observatory(user):
        raise Http404("Page introuvable.")
    filters = services.Filters(
        region=query.region or None,
        profession=query.profession,
        campaign_from=query.campaign_from,
        campaign_to=query.campaign_to,
        publication=permissions.publication_mode(user, query.publication),
    )
    result, _ = services.report_for(user, filters)
    return result
