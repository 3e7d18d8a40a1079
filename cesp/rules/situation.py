"""A situation: the facts of one contract (interfaces.md §1), parsed and validated.

``parse_situation(mapping)`` accepts a dict loaded from YAML or JSON (dates as ``date``
or ISO strings) and returns an immutable ``Situation``, or raises ``SituationError``
naming the field (``events[2].to``), the value and the rule. Checks that need the
rules themselves (third-cycle window, practice before the diploma…) are done by the
rules modules and raise the same error.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from cesp.rules import params, vocabulary
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import text_value
from cesp.rules.months import Month
from cesp.rules.vocabulary import event_label

PROFESSIONS: tuple[str, ...] = tuple(vocabulary.PROFESSIONS)
CATEGORIES: tuple[str, ...] = tuple(vocabulary.CATEGORIES)
REGIMES = ("auto", "pre2020", "post2020")
BREACH_CAUSES = ("voluntary", "death", "incapacity", "radiation", "zoning_change_protected")
SUSPENSION_REASONS = (
    "maternite",
    "paternite",
    "adoption",
    "maladie",
    "accident",
    "disponibilite",
    "conge",
    "autre",
)

# Event type → (required keys, optional keys). Every event also has "type".
EVENT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "suspension": (("from", "to"), ("reason",)),
    "internship_start": (("date",), ()),
    "third_cycle_suspension_request": (("date",), ()),
    "des": (("date",), ()),
    "thesis": (("date",), ()),
    "pathway_end": (("date",), ()),
    "deferral": (("from", "to"), ()),
    "practice": (("from",), ("to", "zone_share", "commune", "zone")),
    "practice_suspension": (("from", "to"), ()),
    "breach": (("date", "cause"), ()),
}
SITUATION_KEYS = {
    "id",
    "profession",
    "category",
    "campaign_year",
    "signature_date",
    "regime",
    "as_of",
    "events",
    "payments",
    "overrides",
}
REQUIRED_KEYS = ("profession", "category", "campaign_year", "signature_date")

RULE_FORMAT = "interfaces.md §1 (format d'une situation)"
RULE_DECREE = "Décret n° 2010-735 du 29 juin 2010"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Event:
    """One fact of the contract. ``index`` is its position in the input (for messages)."""

    type: str
    index: int
    date: date | None = None
    start: date | None = None
    end: date | None = None
    reason: str = ""
    zone_share: Decimal = Decimal(1)
    cause: str = ""
    commune: str = ""
    zone: str = ""

    @property
    def when(self) -> date:
        """The date that places the event in time (its date, or its start)."""
        return self.date if self.date is not None else self.start  # type: ignore[return-value]

    def path(self, key: str = "") -> str:
        return f"events[{self.index}].{key}" if key else f"events[{self.index}]"


@dataclass(frozen=True, slots=True)
class Payment:
    """An allocation payment actually made: the month it covers and the net paid."""

    month: Month
    net: Decimal
    index: int


@dataclass(frozen=True, slots=True)
class Situation:
    """The facts of one contract, validated (see ``parse_situation``)."""

    profession: str
    category: str
    campaign_year: int
    signature_date: date
    regime: str = "auto"
    as_of: date | None = None
    events: tuple[Event, ...] = ()
    payments: tuple[Payment, ...] = ()
    overrides: tuple[tuple[str, Any], ...] = ()
    id: str | None = None
    _by_type: dict[str, tuple[Event, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_type: dict[str, list[Event]] = {}
        for event in self.events:
            by_type.setdefault(event.type, []).append(event)
        object.__setattr__(self, "_by_type", {k: tuple(v) for k, v in by_type.items()})

    def of_type(self, event_type: str) -> tuple[Event, ...]:
        return self._by_type.get(event_type, ())

    def first(self, event_type: str) -> Event | None:
        found = self._by_type.get(event_type)
        return found[0] if found else None

    @property
    def overrides_dict(self) -> dict[str, Any]:
        return dict(self.overrides)

    @property
    def is_odontology(self) -> bool:
        return self.profession in {"odontologie", "padhue_odontologie"}

    @property
    def is_padhue(self) -> bool:
        return self.profession.startswith("padhue_")


def _error(field: str, value: Any, message: str, rule: str = RULE_FORMAT) -> SituationError:
    return SituationError(field, value, rule, message)


def parse_date(value: Any, field: str, *, allow_none: bool = False) -> date | None:
    """A date from a ``date`` or an ISO string; impossible dates are refused."""
    if value is None or value == "":
        if allow_none:
            return None
        raise _error(field, value, "date obligatoire (format AAAA-MM-JJ)")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value.strip()):
        raise _error(field, value, "date attendue au format AAAA-MM-JJ")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _error(
            field, value, "date impossible ou mal écrite (format AAAA-MM-JJ, jour existant)"
        ) from None


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _error(field, value, f"valeur inconnue ; valeurs possibles : {', '.join(allowed)}")
    return value


def _decimal(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise _error(field, value, "nombre attendu")
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise _error(field, value, "nombre attendu") from None


def _parse_event(raw: Any, index: int) -> Event:
    path = f"events[{index}]"
    if not isinstance(raw, dict):
        raise _error(path, raw, "un évènement est un dictionnaire {type: …, …}")
    event_type = raw.get("type")
    if event_type not in EVENT_FIELDS:
        raise _error(
            f"{path}.type",
            event_type,
            f"type d'évènement inconnu ; types possibles : {', '.join(EVENT_FIELDS)}",
        )
    required, optional = EVENT_FIELDS[event_type]
    unknown = sorted(set(raw) - {"type", *required, *optional})
    if unknown:
        allowed = ", ".join(("type", *required, *optional))
        raise _error(
            f"{path}.{unknown[0]}",
            raw[unknown[0]],
            f"clé inconnue pour « {event_type} » (clés possibles : {allowed})",
        )
    for key in required:
        if key not in raw:
            raise _error(f"{path}.{key}", None, f"clé obligatoire pour « {event_type} »")
    fields: dict[str, Any] = {"type": event_type, "index": index}
    if "date" in required:
        fields["date"] = parse_date(raw["date"], f"{path}.date")
    if "from" in required:
        fields["start"] = parse_date(raw["from"], f"{path}.from")
        open_ended = event_type == "practice"
        fields["end"] = parse_date(raw.get("to"), f"{path}.to", allow_none=open_ended)
        if fields["end"] is not None and fields["end"] < fields["start"]:
            raise _error(f"{path}.to", raw.get("to"), "la fin précède le début (from ≤ to)")
    if event_type == "suspension" and raw.get("reason") is not None:
        fields["reason"] = _choice(raw["reason"], f"{path}.reason", SUSPENSION_REASONS)
    if event_type == "practice":
        share = _decimal(raw.get("zone_share", 1), f"{path}.zone_share")
        if not Decimal(0) <= share <= Decimal(1):
            raise _error(
                f"{path}.zone_share",
                raw.get("zone_share"),
                "la part du temps plein exercée en zone est comprise entre 0 et 1",
                "Code de l'éducation, art. R631-24-6 (prorata du temps non réalisé)",
            )
        fields["zone_share"] = share
        for key in ("commune", "zone"):
            if raw.get(key) is not None:
                fields[key] = str(raw[key])
    if event_type == "breach":
        fields["cause"] = _choice(raw["cause"], f"{path}.cause", BREACH_CAUSES)
    return Event(**fields)


def _parse_payments(raw: Any) -> tuple[Payment, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _error("payments", raw, "liste attendue de {month: AAAA-MM, net: montant}")
    payments = []
    for index, item in enumerate(raw):
        path = f"payments[{index}]"
        if not isinstance(item, dict) or set(item) != {"month", "net"}:
            raise _error(path, item, "un paiement a exactement les clés month et net")
        try:
            month = Month.parse(str(item["month"]))
        except ValueError:
            raise _error(f"{path}.month", item["month"], "mois attendu au format AAAA-MM") from None
        net = _decimal(item["net"], f"{path}.net")
        if net < 0 or net != net.quantize(Decimal("0.01")):
            raise _error(f"{path}.net", item["net"], "montant positif en euros, au centime")
        payments.append(Payment(month, net, index))
    return tuple(payments)


def _parse_overrides(raw: Any) -> tuple[tuple[str, Any], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _error("overrides", raw, "dictionnaire attendu {nom_du_paramètre: valeur}")
    parsed = []
    for name, value in raw.items():
        try:
            parsed.append((str(name), params.parse_override(str(name), value)))
        except ParameterError as error:
            raise _error(f"overrides.{name}", value, str(error), "paramètres datés") from None
    return tuple(sorted(parsed))


def _check_overlaps(events: list[Event], event_type: str, label: str) -> None:
    periods = sorted((e for e in events if e.type == event_type), key=lambda e: e.start)
    for before, after in itertools.pairwise(periods):
        before_end = before.end or date.max
        if after.start <= before_end:
            raise _error(
                after.path("from"),
                after.start.isoformat(),
                f"{label} chevauche la période du {text_value(before.start)} au "
                f"{text_value(before_end) if before.end else '(sans fin)'}",
                "une même période ne peut être suspendue deux fois",
            )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _check_order(situation_events: list[Event], signature: date) -> None:
    """Events that cannot happen in that order (diploma before signature, events after breach)."""
    for event in situation_events:
        if event.type in {"des", "thesis", "pathway_end", "breach"} and event.date < signature:
            raise _error(
                event.path("date"),
                event.date.isoformat(),
                f"{_capitalised(event_label(event.type))} ne peut précéder la signature du "
                f"contrat ({text_value(signature)})",
                "ordre des évènements : le contrat est signé pendant les études",
            )
        if (
            event.type in {"deferral", "practice", "practice_suspension"}
            and event.start < signature
        ):
            raise _error(
                event.path("from"),
                event.start.isoformat(),
                f"{_capitalised(event_label(event.type))} ne peut précéder la signature du "
                f"contrat ({text_value(signature)})",
                "ordre des évènements : le contrat est signé pendant les études",
            )
    singles = ("internship_start", "third_cycle_suspension_request", "des", "thesis", "breach")
    for event_type in (*singles, "pathway_end"):
        found = [e for e in situation_events if e.type == event_type]
        if len(found) > 1:
            raise _error(
                found[1].path("type"),
                event_type,
                "cet évènement ne peut figurer qu'une fois",
                "ordre des évènements",
            )
    breach = next((e for e in situation_events if e.type == "breach"), None)
    if breach is not None:
        for event in situation_events:
            if event is not breach and event.when > breach.date:
                key = "date" if event.date is not None else "from"
                raise _error(
                    event.path(key),
                    event.when.isoformat(),
                    f"évènement postérieur à la rupture du {text_value(breach.date)} : "
                    "le contrat a pris fin à la réception de la rupture",
                    "Arrêté du 27 juillet 2010, annexe (contrat type), art. 6",
                )
    request = next(
        (e for e in situation_events if e.type == "third_cycle_suspension_request"), None
    )
    if request is not None:
        start = next((e for e in situation_events if e.type == "internship_start"), None)
        if start is None:
            raise _error(
                request.path("date"),
                request.date.isoformat(),
                "une suspension du troisième cycle suppose une prise de fonctions d'interne "
                "enregistrée",
                "Arrêté du 27 juillet 2010, art. 3, 2° c",
            )
        if request.date < start.date:
            raise _error(
                request.path("date"),
                request.date.isoformat(),
                f"la demande précède la prise de fonctions d'interne ({text_value(start.date)})",
                "Arrêté du 27 juillet 2010, art. 3, 2° c",
            )


def parse_situation(data: Any) -> Situation:
    """Parse and validate one situation (interfaces.md §1); ``SituationError`` otherwise."""
    if isinstance(data, Situation):
        return data
    if not isinstance(data, dict):
        raise _error("(situation)", type(data).__name__, "une situation est un dictionnaire")
    unknown = sorted(set(data) - SITUATION_KEYS)
    if unknown:
        raise _error(
            unknown[0],
            data[unknown[0]],
            "clé inconnue dans une situation "
            f"(clés possibles : {', '.join(sorted(SITUATION_KEYS))})",
        )
    for key in REQUIRED_KEYS:
        if data.get(key) in (None, ""):
            raise _error(key, None, "champ obligatoire")
    profession = _choice(data["profession"], "profession", PROFESSIONS)
    category = _choice(data["category"], "category", CATEGORIES)
    if (category == "padhue") != profession.startswith("padhue_"):
        raise _error(
            "category",
            category,
            f"la catégorie padhue va avec les professions padhue_* (profession : {profession})",
            "Code de l'éducation, art. R631-24 I",
        )
    campaign_year = data["campaign_year"]
    if isinstance(campaign_year, str) and campaign_year.strip().isdigit():
        campaign_year = int(campaign_year)
    if isinstance(campaign_year, bool) or not isinstance(campaign_year, int):
        raise _error("campaign_year", campaign_year, "année entière attendue (2021 = 2021-2022)")
    if not 2010 <= campaign_year <= 2100:
        raise _error(
            "campaign_year", campaign_year, "le CESP existe depuis la campagne 2010", RULE_DECREE
        )
    signature = parse_date(data["signature_date"], "signature_date")
    if signature < params.value("regime.cesp_start", date(2010, 1, 1)).value:
        raise _error(
            "signature_date",
            signature.isoformat(),
            "le CESP existe depuis l'entrée en vigueur du décret n° 2010-735 (2 juillet 2010)",
            RULE_DECREE,
        )
    if signature.year < campaign_year:
        # The contract is signed after the selection of its campaign (academic year
        # campaign_year–campaign_year+1): a signature in an earlier calendar year is a typo.
        raise _error(
            "signature_date",
            signature.isoformat(),
            f"signature antérieure à la campagne {campaign_year}-{campaign_year + 1} : le "
            "contrat est signé à l'issue de la sélection de sa campagne",
            "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 1 et 3",
        )
    regime = _choice(data.get("regime") or "auto", "regime", REGIMES)
    as_of = parse_date(data.get("as_of"), "as_of", allow_none=True)
    raw_events = data.get("events") or []
    if not isinstance(raw_events, list):
        raise _error("events", raw_events, "liste d'évènements attendue")
    events = [_parse_event(raw, index) for index, raw in enumerate(raw_events)]
    _check_overlaps(events, "suspension", "cette suspension")
    _check_overlaps(events, "practice_suspension", "cette suspension d'exercice")
    _check_overlaps(events, "deferral", "ce report")
    _check_order(events, signature)
    events.sort(key=lambda e: (e.when, e.index))
    ident = data.get("id")
    return Situation(
        profession=profession,
        category=category,
        campaign_year=campaign_year,
        signature_date=signature,
        regime=regime,
        as_of=as_of,
        events=tuple(events),
        payments=_parse_payments(data.get("payments")),
        overrides=_parse_overrides(data.get("overrides")),
        id=None if ident is None else str(ident),
    )
