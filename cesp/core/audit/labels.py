"""French labels of the audit log: actions, fields and values, registered by each app.

The log stores codes (``followup.record_meeting``, ``{"state": "awaiting_opinion"}``); a
reader sees French only. Each app registers its actions, field names and value vocabularies
(the workflow engine registers its transitions and states itself). Anything unregistered is
kept out of the reader's view and shown, to administrators only, as technical details.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.dateformat import format as date_format

#: Label of an action nobody registered (never the code itself).
UNKNOWN_ACTION = "Opération enregistrée"

_ACTIONS: dict[str, str] = {}
_FIELDS: dict[str, str] = {}
#: (action prefix, field) → {value code → French label}; prefix "" for every action.
_VALUES: dict[tuple[str, str], dict[str, str]] = {}
_FREE_TEXT: set[str] = set()
#: (action prefix, field) → function giving the French label of a value (None if unknown).
_VALUE_FUNCTIONS: dict[tuple[str, str], Callable[[str], str | None]] = {}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def register_action(code: str, label: str) -> None:
    """``register_action("contract.create", "Contrat créé")``."""
    _ACTIONS[code] = label


def register_field(name: str, label: str, *, free_text: bool = False) -> None:
    """``register_field("signature_date", "Date de signature")``.

    ``free_text``: the value is French already (a reference, a motive) and shown as is.
    """
    _FIELDS.setdefault(name, label)
    if free_text:
        _FREE_TEXT.add(name)


def register_values(name: str, labels: dict[str, str], *, prefix: str = "") -> None:
    """French labels of the values of field ``name`` (for actions starting ``prefix.``)."""
    _VALUES.setdefault((prefix, name), {}).update({str(k): str(v) for k, v in labels.items()})


def register_value_function(
    name: str, label_of: Callable[[str], str | None], *, prefix: str = ""
) -> None:
    """Like ``register_values`` for a large vocabulary (regions by code …), read lazily."""
    _VALUE_FUNCTIONS[(prefix, name)] = label_of


def action_label(code: str) -> str:
    """The French label of an action; « Opération enregistrée » when none was registered."""
    return _ACTIONS.get(code, UNKNOWN_ACTION)


def field_label(name: str) -> str | None:
    return _FIELDS.get(name)


def value_label(action: str, name: str, value: Any) -> str | None:
    """A value for a French reader: labelled code, French date or number; None if unknown."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, (int, Decimal, float)):
        return _number(str(value))
    if not isinstance(value, str):
        return None
    parts = action.split(".")
    for i in range(len(parts), -1, -1):
        key = (".".join(parts[:i]), name)
        labels = _VALUES.get(key)
        if labels and value in labels:
            return labels[value]
        label_of = _VALUE_FUNCTIONS.get(key)
        if label_of is not None and (found := label_of(value)):
            return found
    if _ISO_DATE.match(value):
        try:
            return date_format(date.fromisoformat(value), "j F Y")
        except ValueError:
            return None
    if _ISO_DATETIME.match(value):
        try:
            return date_format(datetime.fromisoformat(value), "j F Y H:i")
        except ValueError:
            return None
    if _NUMBER.match(value):
        return _number(value)
    return value if name in _FREE_TEXT else None


def _number(text: str) -> str | None:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
        if abs(amount) < 10000:  # a year, a count: « 2021 », not « 2 021 »
            return f"{amount:f}"
    else:
        amount = amount.normalize()
    return f"{amount:,f}".replace(",", "\u202f").replace(".", ",")


@dataclass
class Described:
    """A snapshot split in what a reader may see and the technical rest."""

    items: list[tuple[str, str]] = field(default_factory=list)
    technical: list[tuple[str, str]] = field(default_factory=list)


def describe(action: str, snapshot: Any) -> Described:
    """French (field, value) pairs of a before/after snapshot; the rest as technical."""
    out = Described()
    if snapshot in (None, "", {}, []):
        return out
    if not isinstance(snapshot, dict):
        out.technical.append(("", str(snapshot)))
        return out
    for key, value in snapshot.items():
        if value in (None, "", {}, []):
            continue
        label = field_label(str(key))
        shown = value_label(action, str(key), value) if label else None
        if label and shown is not None:
            out.items.append((label, shown))
        else:
            out.technical.append((str(key), str(value)))
    return out


register_field("state", "État")
register_field("date", "Date")
register_field("start", "Début")
register_field("end", "Fin")
register_field("reason", "Motif", free_text=True)
