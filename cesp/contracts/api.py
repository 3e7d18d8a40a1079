"""REST API of contracts: scoped reads, creation of contracts and events, and
evaluation of a situation.

Every read goes through ``Contract.objects.visible_to``: out of scope is 404.
Figures and deadlines come from ``contracts.figures`` (``cesp.rules`` on the situation
of the stored facts, memoised), never stored.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Literal

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import ValidationError as SchemaValidationError
from pydantic import BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from cesp.accounts.enums import OrganisationKind
from cesp.accounts.models import Organisation
from cesp.accounts.tokens import API_AUTH
from cesp.rules.errors import SituationError

from . import figures as contract_figures
from . import permissions, services
from .enums import Category, Profession, RegimeOverride
from .models import Contract
from .schemas import (
    ContractDetail,
    ContractPage,
    ErrorOut,
    EventIn,
    EventOut,
    IsoDate,
    SituationIn,
    StrictSchema,
)

logger = logging.getLogger(__name__)
router = Router(tags=["contrats"], auth=API_AUTH)
evaluate_router = Router(tags=["règles"])

MAX_PAGE = 200
#: Beyond any list the platform will hold; bounded so the database never sees an overflow.
MAX_OFFSET = 10_000_000


def _digits(value):
    """Query integers are written in digits: ``2021``, not ``2021.0`` nor ``true``."""
    if isinstance(value, str) and not value.isdigit():
        raise ValueError("nombre entier attendu (chiffres seulement)")
    return value


QueryInt = Annotated[int, BeforeValidator(_digits)]


class ContractFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    profession: str | None = None
    category: str | None = None
    campaign_year: QueryInt | None = Field(None, ge=2009, le=2100)
    ufr: str | None = Field(None, description="code de l'UFR")
    region: str | None = Field(None, description="code INSEE de la région de suivi")
    q: str | None = Field(None, description="recherche dans la référence et le nom du signataire")
    limit: QueryInt = Field(50, ge=1, le=MAX_PAGE)
    offset: QueryInt = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/", response=ContractPage, summary="Contrats de mon périmètre")
def list_contracts(request, filters: Query[ContractFilters]):
    unknown = sorted(set(request.GET) - set(ContractFilters.model_fields))
    if unknown:
        raise SchemaValidationError(
            [
                {"loc": ["query", name], "msg": "paramètre inconnu", "type": "extra_forbidden"}
                for name in unknown
            ]
        )
    contracts = (
        Contract.objects.visible_to(request.auth)
        .select_related("ufr")
        .matching(
            profession=filters.profession,
            category=filters.category,
            campaign_year=filters.campaign_year,
            ufr_code=filters.ufr,
            region=filters.region,
        )
    )
    if filters.q:
        contracts = contracts.search(filters.q)
    count = contracts.count()
    items = list(contracts.order_by("id")[filters.offset : filters.offset + filters.limit])
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


def _detailed(request, contract_id: int):
    """The contract with its events and payments in three queries; 404 out of scope."""
    contract = (
        Contract.objects.visible_to(request.auth)
        .select_related("ufr")
        .with_facts()
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise Http404("Contrat introuvable.")
    return contract


class DeadlineOut(Schema):
    """One regulatory deadline still to come (``cesp.rules.deadlines``)."""

    kind: str
    date: date
    label: str
    actor: Literal["signataire", "ars", "gestionnaire_national"]
    sources: list[str] = Field(description="textes cités par l'explication du calcul")


class ContractWithDeadlines(ContractDetail):
    deadlines: list[DeadlineOut] | None = Field(
        None, description="échéances à venir, par date ; absent si les chiffres échouent"
    )


def _deadline_items(contract, as_of: date) -> list[dict]:
    return [
        {
            "kind": figure.value.kind,
            "date": figure.value.date,
            "label": figure.value.label,
            "actor": figure.value.actor,
            "sources": figure.step.all_sources(),
        }
        for figure in contract_figures.deadlines(contract, as_of)
    ]


@router.get(
    "/{int:contract_id}",
    response={200: ContractWithDeadlines, 404: ErrorOut},
    summary="Un contrat : faits, chiffres et échéances calculés par les règles",
)
def get_contract(request, contract_id: int):
    contract = _detailed(request, contract_id)
    today = timezone.localdate()
    figures, deadlines, error = None, None, None
    try:  # prefetched facts: no query; one evaluation for the figures and the deadlines
        figures = contract_figures.figures(contract, today, explain=True)
        deadlines = _deadline_items(contract, today)
    except SituationError as exc:
        error = str(exc)
    except Exception:  # the facts stay readable even if a figure cannot be computed
        logger.exception("figures of contract %s failed", contract.pk)
        error = "Les chiffres ne peuvent pas être calculés pour le moment."
    contract.figures = figures
    contract.figures_error = error
    contract.deadlines = deadlines
    contract.payments_made = (
        contract_figures.payments_of(contract)
        if permissions.can_view_payments(request.auth, contract)
        else None
    )
    return contract


class ContractIn(StrictSchema):
    """A new contract (``services.create_contract``): ``ufr`` is the UFR's code."""

    reference: StrictStr  # lengths: the model's full_clean, in French
    profession: Literal[tuple(Profession.values)]  # type: ignore[valid-type]
    category: Literal[tuple(Category.values)]  # type: ignore[valid-type]
    campaign_year: StrictInt = Field(ge=2010, le=2100)
    signature_date: IsoDate
    ufr: StrictStr | None = Field(None, description="code de l'UFR")
    followup_region: StrictStr | None = Field(
        None, description="code INSEE ; par défaut la région de l'UFR"
    )
    regime_override: Literal[tuple(RegimeOverride.values)] = ""  # type: ignore[valid-type]
    specialty: StrictStr = ""
    signatory_last_name: StrictStr = Field("", description="nom du signataire")
    signatory_first_name: StrictStr = Field("", description="prénom du signataire")
    reason: StrictStr = Field("", description="motif inscrit au journal d'audit")


@router.post(
    "/",
    response={201: ContractWithDeadlines, 403: ErrorOut, 422: ErrorOut},
    summary="Créer un contrat (agents nationaux, administrateurs, UFR pour la leur)",
)
def create_contract(request, payload: ContractIn):
    data = payload.model_dump(exclude={"reason"})
    ufr = None
    if data["ufr"] is not None:
        ufr = Organisation.objects.filter(kind=OrganisationKind.UFR, code=data["ufr"]).first()
        if ufr is None:
            raise SchemaValidationError(
                [
                    {
                        "loc": ["body", "payload", "ufr"],
                        "msg": f"UFR inconnue : « {data['ufr']} »",
                        "type": "value_error",
                    }
                ]
            )
    data["ufr"] = ufr
    if data["followup_region"] is None:
        data["followup_region"] = ufr.region_code if ufr is not None else ""
    contract = services.create_contract(request.auth, data, reason=payload.reason)
    return Status(201, get_contract(request, contract.pk))


@router.get(
    "/{int:contract_id}/events",
    response={200: list[EventOut], 404: ErrorOut},
    summary="Événements d'un contrat (y compris corrigés)",
)
def list_events(request, contract_id: int):
    return list(_detailed(request, contract_id).events.all())


@router.post(
    "/{int:contract_id}/events",
    response={201: EventOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Enregistrer un événement (validé par les règles)",
)
def create_event(request, contract_id: int, payload: EventIn):
    contract = services.get_visible_contract(request.auth, contract_id)
    data = payload.model_dump(exclude_unset=True)
    event = services.record_event(request.auth, contract, data)
    return Status(201, event)


@evaluate_router.post(
    "/evaluate",
    response={200: dict, 422: ErrorOut},
    auth=None,
    summary="Évaluer une situation (interfaces.md §1)",
)
def evaluate(request, payload: SituationIn):
    data = payload.model_dump(by_alias=True, exclude_unset=True)
    as_of = data.get("as_of")
    return Status(200, contract_figures.evaluate_situation(data, as_of=as_of).to_dict())
