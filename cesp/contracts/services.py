"""Use cases on contracts: one transaction each (facts + audit entry together).

Writes go through here, never straight to the models: each use case checks the
permission, validates the new facts with ``cesp.rules`` and records the audit entry
in the same transaction, so nothing is half-written after an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from cesp.accounts.enums import OrganisationKind
from cesp.accounts.models import Organisation
from cesp.core.audit import services as audit
from cesp.rules.errors import SituationError

from . import permissions, projection
from .enums import EVENT_SPECS, BreachCause, EventShape, EventSpec, EventType, SuspensionReason
from .figures import (
    SITUATION_FIELD_TO_MODEL,
    build_situation,
    effective_events,
    evaluate_situation,
    event_situation,
    payments_of,
)
from .importer import parse_file
from .models import Contract, ContractEvent, pseudonym_for

EVENT_FIELDS = (
    "type",
    "date",
    "start",
    "end",
    "zone_share",
    "cause",
    "suspension_reason",
    "commune_code",
    "reason",
    "legal_basis",
    "payload",
    "supersedes",
)
CONTRACT_FIELDS = (
    "reference",
    "signatory",
    "profession",
    "category",
    "campaign_year",
    "signature_date",
    "ufr",
    "followup_region",
    "regime_override",
    "specialty",
    "signatory_last_name",
    "signatory_first_name",
    "birth_date",
    "bridge_entry",
    "bridge_origin",
    "planned_region",
)


def event_snapshot(event: ContractEvent) -> dict[str, Any]:
    """The facts of an event, for the audit log."""
    return {
        "contract": event.contract_id,
        "type": event.type,
        "date": event.date,
        "start": event.start,
        "end": event.end,
        "zone_share": event.zone_share,
        "cause": event.cause,
        "suspension_reason": event.suspension_reason,
        "commune_code": event.commune_code,
        "reason": event.reason,
        "legal_basis": event.legal_basis,
        "payload": event.payload,
        "supersedes": event.supersedes_id,
    }


def contract_snapshot(contract: Contract) -> dict[str, Any]:
    """The facts of a contract, for the audit log (no name: ids only)."""
    return {
        "reference": contract.reference,
        "signatory": contract.signatory_id,
        "profession": contract.profession,
        "category": contract.category,
        "campaign_year": contract.campaign_year,
        "signature_date": contract.signature_date,
        "ufr": contract.ufr_id,
        "followup_region": contract.followup_region,
        "regime_override": contract.regime_override,
        "specialty": contract.specialty,
    }


def get_visible_contract(user, contract_id: int) -> Contract:
    """The contract if ``user`` may see it; 404 otherwise (never reveal existence)."""
    contract = Contract.objects.visible_to(user).filter(pk=contract_id).first()
    if contract is None:
        raise Http404("Contrat introuvable.")
    return contract


def rules_error(exc: SituationError, event_index: int | None = None) -> ValidationError:
    """A rules ``SituationError`` as a Django ``ValidationError`` beside its field.

    The message is the engine's (French, naming the value) followed by the rule.
    An error on the new event (``events[i].from`` …) lands on the form field
    (``start`` …); anything else is a non-field error.
    """
    path, rule, message = str(exc.field or ""), str(exc.rule or ""), str(exc.message)
    if rule and rule not in message:
        message = f"{message} (règle : {rule})"
    field = NON_FIELD_ERRORS
    match = re.fullmatch(r"events\[(\d+)\]\.?(\w*)", path)
    if match and event_index is not None and int(match.group(1)) == event_index:
        field = SITUATION_FIELD_TO_MODEL.get(match.group(2), NON_FIELD_ERRORS)
    elif path in {"signature_date", "campaign_year", "profession", "category"}:
        field = path
    return ValidationError({field: [message]}, code="rules")


def _as_date(value: Any, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        errors[field] = [f"Date invalide : « {value} » (attendu AAAA-MM-JJ)."]
        return None


#: The message for a required field left empty.
MISSING = {
    "date": "La date est obligatoire pour ce type d'événement.",
    "start": "La date de début est obligatoire pour ce type d'événement.",
    "end": "La date de fin est obligatoire pour ce type d'événement.",
    "supersedes": "Une annulation doit désigner l'événement annulé.",
}
#: Fields with a closed list of values, and the message for any other value when required.
CHOSEN = {
    "cause": (frozenset(BreachCause.values), "Cause de fin de contrat inconnue : « {} »."),
    "suspension_reason": (
        frozenset(SuspensionReason.values),
        "Motif de suspension inconnu : « {} ».",
    ),
}


def _check_declared(spec: EventSpec, event: ContractEvent, errors: dict) -> None:
    """The event against the declaration of its type (``enums.EVENT_SPECS``): its dates
    by shape, its required fields and whether it may name a commune."""
    required = set(spec.date_fields) | spec.required
    if not spec.end_required:
        required.discard("end")
    for field in spec.date_fields:
        if field in required and getattr(event, field) is None and field not in errors:
            errors[field] = [MISSING[field]]
    periodic = spec.shape in (EventShape.PERIOD, EventShape.BOUNDED_PERIOD)
    if periodic and event.start and event.end and event.end < event.start:
        errors["end"] = ["La date de fin précède la date de début."]
    for field in sorted(required & CHOSEN.keys()):
        values, message = CHOSEN[field]
        if getattr(event, field) not in values:
            errors[field] = [message.format(getattr(event, field))]
    if event.commune_code and not spec.commune:
        errors["commune_code"] = ["Ce type d'événement ne désigne pas de commune."]


def _clean_event_data(contract: Contract, data: Mapping[str, Any]) -> ContractEvent:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"Champ(s) inconnu(s) : {', '.join(sorted(unknown))}."]}
        )
    errors: dict[str, list[str]] = {}
    kind = data.get("type")
    if kind not in EventType.values:
        raise ValidationError({"type": [f"Type d'événement inconnu : « {kind} »."]})
    event = ContractEvent(
        contract=contract,
        type=kind,
        date=_as_date(data.get("date"), "date", errors),
        start=_as_date(data.get("start"), "start", errors),
        end=_as_date(data.get("end"), "end", errors),
        cause=data.get("cause") or "",
        suspension_reason=data.get("suspension_reason") or "",
        commune_code=str(data.get("commune_code") or ""),
        reason=data.get("reason") or "",
        legal_basis=data.get("legal_basis") or "",
        payload=data.get("payload") or {},
    )
    if not isinstance(event.payload, dict):
        errors["payload"] = ["Les compléments doivent être un objet (clé : valeur)."]
        event.payload = {}
    share = data.get("zone_share")
    if share not in (None, ""):
        try:
            event.zone_share = Decimal(str(share))
        except InvalidOperation:
            errors["zone_share"] = [f"Part en zone invalide : « {share} » (entre 0 et 1)."]
    _check_declared(EVENT_SPECS[kind], event, errors)
    target = data.get("supersedes")
    if target not in (None, ""):
        target_id = getattr(target, "pk", target)
        if isinstance(target_id, bool) or not str(target_id).isdigit():
            superseded = None
        else:
            superseded = ContractEvent.objects.filter(pk=int(target_id), contract=contract).first()
        if superseded is None:
            errors["supersedes"] = ["L'événement corrigé n'appartient pas à ce contrat."]
        elif ContractEvent.objects.filter(supersedes=superseded).exists():
            errors["supersedes"] = ["Cet événement a déjà été corrigé ou annulé."]
        elif superseded.type == EventType.CANCELLATION:
            errors["supersedes"] = [
                "Une annulation ne se corrige pas : enregistrez de nouveau l'événement voulu."
            ]
        elif kind not in (EventType.CANCELLATION, superseded.type):
            errors["type"] = [
                f"Une correction garde le type de l'événement corrigé "
                f"(« {superseded.get_type_display()} ») ; sinon annulez-le."
            ]
        else:
            event.supersedes = superseded
    elif "supersedes" in EVENT_SPECS[kind].required:
        errors["supersedes"] = [MISSING["supersedes"]]
    if errors:
        raise ValidationError(errors)
    try:
        event.full_clean(exclude=["contract", "author", "supersedes"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    return event


def record_event(user, contract: Contract, data: Mapping[str, Any]) -> ContractEvent:
    """Record one event (or a correction) on ``contract`` after the rules accept it.

    Raises ``Http404`` out of scope, ``PermissionDenied`` for an event type the
    role may not record, ``ValidationError`` (French, by field) for bad facts.
    The contract row is locked so two concurrent events are validated in turn.
    ``user`` is ``None`` for the command-line operator (the demo, as for imports).
    """
    return record_events(user, contract, [data])[0]


@transaction.atomic
def record_events(
    user, contract: Contract, items: Sequence[Mapping[str, Any]]
) -> list[ContractEvent]:
    """Record several events of one contract together, as ``record_event`` records one:
    one lock, each event checked against its declaration and the role, the rules check
    the situation with all of them, then each event is written with its audit entry;
    any failure leaves nothing behind. ``user`` is ``None`` for the command-line operator.
    """
    operator = user is None
    if not operator and not permissions.can_view_contract(user, contract):
        raise Http404("Contrat introuvable.")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    events = [_clean_event_data(contract, data) for data in items]
    for event in events:
        if not operator and not permissions.can_record_event(user, contract, event.type):
            raise PermissionDenied(
                f"Votre rôle ne permet pas d'enregistrer « {event.get_type_display()} »."
            )
    targets = [e.supersedes_id for e in events if e.supersedes_id]
    if len(targets) != len(set(targets)):
        raise ValidationError({"supersedes": ["Cet événement a déjà été corrigé ou annulé."]})
    existing = list(contract.events.all())
    pending = [*existing, *events]
    situation = build_situation(contract, pending, payments_of(contract))
    index = _index_of(events[0], pending) if len(events) == 1 else None
    today = timezone.localdate()  # one day for the validation and the projection
    try:
        evaluate_situation(situation, as_of=today)
    except SituationError as exc:
        raise rules_error(exc, index) from exc
    for event in events:
        event.author = user if getattr(user, "pk", None) else None
        event.save()
        audit.record(
            user,
            "contract_event.create",
            event,
            None,
            event_snapshot(event),
            event.reason,
            contract_id=contract.pk,
        )
    # the derived status projection (not a fact), in this transaction (docs/platform.md)
    projection.refresh([contract], today)
    return events


def _index_of(event: ContractEvent, pending: list[ContractEvent]) -> int | None:
    """Index of the new event in the situation's ``events`` list."""
    index = 0
    for candidate in effective_events(pending):
        if event_situation(candidate) is None:
            continue
        if candidate is event:
            return index
        index += 1
    return None


@transaction.atomic
def create_contract(user, data: Mapping[str, Any], *, reason: str = "") -> Contract:
    """Create a contract after checking the permission and the rules (``user`` is
    ``None`` for the command-line operator: the demo, as for imports)."""
    unknown = set(data) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"Champ(s) inconnu(s) : {', '.join(sorted(unknown))}."]}
        )
    contract = Contract(**data)
    if user is not None and not permissions.can_create_contract(user, contract.ufr):
        raise PermissionDenied("Votre rôle ne permet pas de créer ce contrat.")
    contract.pseudonym = pseudonym_for(contract.reference or "")
    contract.full_clean()
    validate_contract_with_rules(contract)
    contract.save()
    audit.record(
        user,
        "contract.create",
        contract,
        None,
        contract_snapshot(contract),
        reason,
        contract_id=contract.pk,
    )
    return contract


def validate_contract_with_rules(contract: Contract, events=(), payments=()) -> None:
    """Raise ``ValidationError`` when the rules refuse the contract's facts."""
    try:
        evaluate_situation(build_situation(contract, events, payments))
    except SituationError as exc:
        raise rules_error(exc) from exc


def import_contracts(user, data: bytes, *, commit: bool = False, source: str = ""):
    """Import a cohort-format file (see ``importer``): all or nothing, dry run by default.
    ``source`` is the file's name (its extension says CSV, XLSX or .gz).

    ``user`` is ``None`` for the command line (the operator), else must be allowed
    to import. Contracts whose reference already exists are left as they are
    (reported), so running the same file twice imports it once.
    """
    if user is not None and not permissions.can_import_contracts(user):
        raise PermissionDenied("Votre rôle ne permet pas d'importer des contrats.")
    report = parse_file(data, source or "contrats.csv")
    codes = {row.ufr_code for row in report.rows if row.ufr_code}
    ufrs = {
        org.code: org
        for org in Organisation.objects.filter(kind=OrganisationKind.UFR, code__in=codes)
    }
    references = [row.contract["reference"] for row in report.rows]
    existing = set(
        Contract.objects.filter(reference__in=references).values_list("reference", flat=True)
    )
    seen: dict[str, int] = {}
    rows = []
    for row in report.rows:
        reference = row.contract["reference"]
        if row.ufr_code and row.ufr_code not in ufrs:
            report.error(row.line, "ufr", f"UFR « {row.ufr_code} » inconnue.")
        elif reference in seen:
            message = f"« {reference} » déjà vue ligne {seen[reference]}."
            report.error(row.line, "reference", message)
        elif reference in existing:
            report.info(row.line, "reference", f"contrat « {reference} » déjà présent : ignoré.")
        else:
            rows.append(row)
        seen.setdefault(reference, row.line)
    report.rows = rows
    if not report.ok or not commit:
        return report
    with transaction.atomic():
        contracts = [
            Contract(
                **row.contract,
                ufr=ufrs.get(row.ufr_code),
                pseudonym=pseudonym_for(row.contract["reference"]),
            )
            for row in rows
        ]
        Contract.objects.bulk_create(contracts, batch_size=500)
        by_reference = {
            c.reference: c
            for c in Contract.objects.filter(reference__in=[c.reference for c in contracts])
        }
        author = user if getattr(user, "pk", None) else None
        events = [
            ContractEvent(
                contract=by_reference[row.contract["reference"]],
                author=author,
                reason=f"import {source}".strip(),
                **event,
            )
            for row in rows
            for event in row.events
        ]
        ContractEvent.objects.bulk_create(events, batch_size=1000)
        for row in rows:
            contract = by_reference[row.contract["reference"]]
            audit.record(
                user,
                "contract.import",
                contract,
                None,
                {**contract_snapshot(contract), "events": row.events},
                f"import {source} ligne {row.line}".strip(),
                contract_id=contract.pk,
            )
        report.created = len(rows)
        report.committed = True
    return report


# --- reads for other apps (home pages): facts of the contracts in a scope ----------


def _events_of(contracts: QuerySet[Contract]) -> QuerySet[ContractEvent]:
    return ContractEvent.objects.filter(contract__in=contracts).select_related(
        "contract__signatory", "author"
    )


def recent_events(contracts: QuerySet[Contract], limit: int) -> QuerySet[ContractEvent]:
    """The last events recorded on ``contracts``, newest first."""
    return _events_of(contracts).order_by("-recorded_at", "-id")[:limit]


def periods_ending(
    contracts: QuerySet[Contract], start: date, end: date, limit: int
) -> QuerySet[ContractEvent]:
    """Recorded periods of ``contracts`` ending between ``start`` and ``end``, soonest first."""
    return _events_of(contracts).filter(end__gte=start, end__lte=end).order_by("end")[:limit]


def recent_breaches(contracts: QuerySet[Contract], limit: int) -> QuerySet[ContractEvent]:
    """The breaches recorded on ``contracts``, latest first."""
    return _events_of(contracts).filter(type=EventType.BREACH).order_by("-date", "-id")[:limit]
