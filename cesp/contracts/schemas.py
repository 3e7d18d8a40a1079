"""API schemas: strict (``false`` is not an integer), unknown fields rejected."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from . import permissions
from .enums import BreachCause, EventType, SuspensionReason


def _iso_date(value: Any) -> Any:
    """Dates travel as ISO strings (``2027-10-15``); numbers and booleans are refused."""
    if isinstance(value, date) or value is None:
        return value
    if not isinstance(value, str):
        raise ValueError("date attendue au format AAAA-MM-JJ")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"date impossible ou mal écrite : « {value} » (AAAA-MM-JJ)") from exc


def _share(value: Any) -> Any:
    """A share in [0, 1], as a number or a decimal string; never a boolean."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError("nombre entre 0 et 1 attendu")
    try:
        share = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"« {value} » n'est pas un nombre (entre 0 et 1)") from None
    if not share.is_finite():
        raise ValueError("nombre fini entre 0 et 1 attendu")
    return share


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Share = Annotated[Decimal, BeforeValidator(_share), Field(ge=0, le=1)]
EventTypeName = Literal[tuple(EventType.values)]  # type: ignore[valid-type]
ReasonName = Literal[tuple(["", *SuspensionReason.values])]  # type: ignore[valid-type]
CauseName = Literal[tuple(["", *BreachCause.values])]  # type: ignore[valid-type]


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid", strict=False)


class EventIn(StrictSchema):
    """A new event (or a correction: ``supersedes`` names the event it replaces)."""

    type: EventTypeName
    date: IsoDate | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    zone_share: Share | None = None
    cause: CauseName = ""
    suspension_reason: ReasonName = ""
    commune_code: StrictStr = ""
    reason: StrictStr = ""
    legal_basis: StrictStr = ""
    payload: dict[str, Any] = Field(default_factory=dict)
    supersedes: StrictInt | None = None


class EventOut(Schema):
    id: int
    type: str
    date: date | None
    start: date | None
    end: date | None
    zone_share: Decimal | None
    cause: str
    suspension_reason: str
    commune_code: str
    reason: str
    legal_basis: str
    payload: dict[str, Any]
    supersedes: int | None = Field(None, alias="supersedes_id")
    author: str | None = None
    recorded_at: datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author_id else None


class ContractOut(Schema):
    id: int
    reference: str
    pseudonym: str
    profession: str
    category: str
    campaign_year: int
    signature_date: date
    ufr: str | None = None
    followup_region: str
    regime_override: str
    specialty: str
    signatory_last_name: str = Field(description="nom du signataire (agents du périmètre)")
    signatory_first_name: str = Field(description="prénom du signataire")
    abilities: dict[str, bool] = Field(
        default_factory=dict,
        description=(
            "ce que l'appelant peut faire sur ce contrat, une valeur par action "
            "(view, view_history, view_payments, record_event, view_attestation, "
            "declare_project) : une interface n'offre que les actions à true"
        ),
    )

    @staticmethod
    def resolve_ufr(obj) -> str | None:
        return obj.ufr.code if obj.ufr_id else None

    @staticmethod
    def resolve_abilities(obj, context) -> dict[str, bool]:
        request = (context or {}).get("request")
        return permissions.abilities(getattr(request, "auth", None), obj)


class ContractPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ContractOut]


class PaymentOut(Schema):
    month: date
    kind: str
    sequence: int
    gross: Decimal
    net: Decimal
    paid_on: date


class ContractDetail(ContractOut):
    events: list[EventOut]
    figures: dict[str, Any] | None
    figures_error: str | None = None
    payments: list[PaymentOut] | None = Field(
        None, alias="payments_made", description="signataire et gestionnaire national seulement"
    )


class SituationEventIn(StrictSchema):
    type: StrictStr
    date: IsoDate | None = None
    from_: IsoDate | None = Field(None, alias="from")
    to: IsoDate | None = None
    zone_share: Share | None = None
    cause: StrictStr | None = None
    reason: StrictStr | None = None


class PaymentIn(StrictSchema):
    month: StrictStr
    net: StrictStr


class SituationIn(StrictSchema):
    """A situation as in interfaces.md §1."""

    profession: StrictStr
    category: StrictStr
    campaign_year: StrictInt
    signature_date: IsoDate
    regime: StrictStr | None = None
    as_of: IsoDate | None = None
    events: list[SituationEventIn] = Field(default_factory=list)
    payments: list[PaymentIn] | None = None
    overrides: dict[str, Any] | None = None


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    detail: list[ErrorItem] | str
