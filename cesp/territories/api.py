"""REST API of territories: lookup, aids, zonings, communes (django-ninja, strict).

Query parameters are validated strictly (unknown parameters refused, 422 with the field
path). An unknown commune answers 404 with the explanation; a date without zoning or a
commune absent from the zoning answers 200 with ``status`` saying so and ``zone: null``
— never a default class.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError as SchemaValidationError
from pydantic import ConfigDict, Field

from cesp.accounts.tokens import API_AUTH
from cesp.core import geography
from cesp.rules.vocabulary import PROFESSIONS

from . import services
from .aids import aids_for
from .models import ZoningVersion

router = Router(tags=["territoires"], auth=API_AUTH)

ProfessionIn = Literal[tuple(PROFESSIONS)]  # type: ignore[valid-type]
CODE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"


class LookupQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    commune: str = Field(..., pattern=CODE_PATTERN, description="code INSEE (5 caractères)")
    date: date
    profession: ProfessionIn = "medecine"


class AidsQuery(LookupQuery):
    mode: Literal["liberal", "salarie", "mixte"] = "liberal"
    guard_sector_zip: bool | None = None


def reject_unknown_parameters(request, schema: type[Schema]) -> None:
    """Query strings are not parsed as a whole by ninja: refuse unknown keys ourselves
    (reliability.md: lenient APIs hide client mistakes)."""
    unknown = sorted(set(request.GET) - set(schema.model_fields))
    if unknown:
        raise SchemaValidationError(
            [
                {"loc": ["query", key], "msg": "champ inconnu", "type": "extra_forbidden"}
                for key in unknown
            ]
        )


class CommuneOut(Schema):
    code: str
    name: str | None
    region: str | None


class ZoningOut(Schema):
    id: int
    act: str
    region: str
    profession: str
    valid_from: date
    valid_to: date | None
    is_demo: bool
    label: str


class LookupOut(Schema):
    status: str
    commune: CommuneOut
    date: date
    profession: str
    zone: str | None
    zone_label: str | None
    cesp_eligible: bool | None
    zoning: ZoningOut | None
    explanation: list[str]
    sources: list[str]


class AidOut(Schema):
    id: str
    label: str
    provider: str
    status: str
    amount: str | None = Field(description="euros, deux décimales ; null si inconnu")
    amount_basis: str
    conditions: list[str]
    not_cumulable_with: list[str]
    sources: list[str]


class RejectedOut(Schema):
    branch: str
    why: str


class AidsOut(Schema):
    commune: CommuneOut
    date: date
    profession: str
    mode: str
    zone: str | None
    cesp_eligible: bool | None
    zoning: ZoningOut | None
    aids: list[AidOut]
    exclusive_choices: list[list[str]]
    not_applicable: list[RejectedOut]
    notes: list[str]


class NotFoundOut(Schema):
    detail: str
    explanation: list[str] = []


class ReferenceCommuneOut(Schema):
    code: str
    name: str
    department: str
    department_name: str | None
    region: str
    region_name: str | None
    population: int | None
    density_level: int | None
    density_label: str | None
    massif: str | None
    qpv: list[str]
    frr: str | None


@router.get(
    "/lookup",
    response={200: LookupOut, 404: NotFoundOut},
    summary="Zone d'une commune à une date, et si elle compte pour le CESP",
)
def lookup(request, query: Query[LookupQuery]):
    reject_unknown_parameters(request, LookupQuery)
    result = services.lookup(query.commune, query.date, query.profession)
    if result.status == "unknown_commune":
        return Status(404, {"detail": result.message, "explanation": list(result.explanation)})
    return Status(200, result.as_dict())


@router.get(
    "/aids",
    response={200: AidsOut, 404: NotFoundOut},
    summary="Aides à l'installation applicables à une commune",
)
def aids(request, query: Query[AidsQuery]):
    reject_unknown_parameters(request, AidsQuery)
    answer = aids_for(
        query.commune,
        query.date,
        query.profession,
        query.mode,
        guard_sector_has_zip=query.guard_sector_zip,
    )
    if answer.result is None:
        return Status(
            404,
            {"detail": answer.lookup.message, "explanation": list(answer.lookup.explanation)},
        )
    return Status(200, answer.as_dict())


@router.get("/zonings", response=list[ZoningOut], summary="Versions de zonage enregistrées")
def zonings(request):
    return list(ZoningVersion.objects.order_by("region", "profession", "valid_from"))


@router.get(
    "/communes/{code}",
    response={200: ReferenceCommuneOut, 404: NotFoundOut},
    summary="Commune du COG 2026 et ses classements",
)
def commune(request, code: str):
    item = geography.commune(code)
    if item is None:
        return Status(404, {"detail": geography.commune_code_error(code[:100])})
    return Status(
        200,
        {
            "code": item.code,
            "name": item.name,
            "department": item.department,
            "department_name": geography.department_name(item.department),
            "region": item.region,
            "region_name": geography.region_name(item.region),
            "population": item.population,
            "density_level": item.density_level,
            "density_label": item.density_label,
            "massif": item.massif_label,
            "qpv": list(item.qpv),
            "frr": item.frr_label,
        },
    )
