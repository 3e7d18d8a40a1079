"""Dated parameters of the regulation, loaded from ``cesp/rules/parameters/**/*.yaml``.

One YAML file per parameter (OpenFisca's layout, stricter). A parameter is named by
its path under ``parameters/`` without the extension, with dots: the file
``parameters/allocation/csg_rate.yaml`` is the parameter ``allocation.csg_rate``.

Each file holds::

    description: texte en français
    unit: currency | rate | months | days | years | date | month_day | enum | number
    selected_by: signature_date | event_date | month_covered | campaign_year | any
    values:
      - start: 2012-01-01
        value: 0.0175
        reference: lfss_2012_art17      # an id of parameters/references.yaml
        note: optional text

Loading validates every file (known keys, known unit, ordered dates, values of the
right type, reference present in the registry) and raises ``ParameterError`` naming
the file and the problem: the engine never runs on a broken parameter.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from cesp.rules.errors import ParameterError

PARAMETERS_DIR = Path(__file__).parent / "parameters"
REFERENCES_FILE = PARAMETERS_DIR / "references.yaml"

UNITS = {"currency", "rate", "months", "days", "years", "date", "month_day", "enum", "number"}
SELECTORS = {"signature_date", "event_date", "month_covered", "campaign_year", "any"}
PARAMETER_KEYS = {"description", "unit", "selected_by", "values", "enum_values", "notes"}
VALUE_KEYS = {"start", "value", "reference", "note"}
REFERENCE_KEYS = {"title", "article", "legifrance", "url", "note"}
SIMULATION_REFERENCE = "simulation"


# libyaml's C loader when present (start-up of every `cesp rules` process: ~10× faster).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDatesLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A YAML loader that keeps dates as strings, so impossible dates get our message."""


_StringDatesLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DuplicateKeyError(yaml.YAMLError):
    """A mapping naming a key twice, which a reader would silently take as its last value."""

    def __init__(self, key: str, line: int | None = None) -> None:
        self.key = key
        self.line = line
        super().__init__(key)


class _UniqueKeysLoader(_StringDatesLoader):
    """Dates as strings, and a key given twice in one mapping is refused."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise DuplicateKeyError(key_node.value, key_node.start_mark.line + 1)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` of ``json.loads`` refusing a key given twice."""
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise DuplicateKeyError(key)
        mapping[key] = value
    return mapping


def load_yaml(text: str, *, unique_keys: bool = False) -> Any:
    """Load YAML keeping dates as ISO strings (``2023-02-30`` must not crash the loader);
    ``unique_keys``: a key given twice in one mapping raises ``DuplicateKeyError``."""
    return yaml.load(text, Loader=_UniqueKeysLoader if unique_keys else _StringDatesLoader)


@dataclass(frozen=True, slots=True)
class Reference:
    """A legal source of the registry."""

    id: str
    title: str
    article: str = ""
    legifrance: str = ""
    url: str = ""
    note: str = ""

    def citation(self) -> str:
        """French citation, e.g. « Arrêté du 26 mai 2020, art. 1 »."""
        return f"{self.title}, {self.article}" if self.article else self.title

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "article": self.article,
            "legifrance": self.legifrance,
            "url": self.url,
            "citation": self.citation(),
        }


@dataclass(frozen=True, slots=True)
class ParamValue:
    """The value of a parameter on a date, with where it comes from."""

    name: str
    value: Any
    start: date
    end: date | None
    reference: str
    note: str = ""
    simulated: bool = False

    def citation(self) -> str:
        if self.simulated:
            return "Valeur simulée (hypothèse saisie par l'utilisateur)"
        return references()[self.reference].citation()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _json_value(self.value),
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "reference": self.reference,
            "citation": self.citation(),
            "simulated": self.simulated,
        }


@dataclass(frozen=True, slots=True)
class Parameter:
    """A dated parameter: its history, ordered by start date."""

    name: str
    description: str
    unit: str
    selected_by: str
    values: tuple[ParamValue, ...]
    enum_values: tuple[str, ...] = ()
    path: str = ""

    def at(self, on: date) -> ParamValue:
        """The value in force on ``on``; ``ParameterError`` before the first value."""
        index = bisect.bisect_right(self._starts, on) - 1
        if index < 0 or self.values[index].value is None:
            raise ParameterError(
                f"paramètre {self.name} : aucune valeur en vigueur le {on.isoformat()}"
            )
        return self.values[index]

    @property
    def _starts(self) -> list[date]:
        return _starts_of(self.name)


@cache
def _starts_of(name: str) -> list[date]:
    return [item.start for item in all_parameters()[name].values]


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fail(path: Path | str, message: str) -> ParameterError:
    return ParameterError(f"{path} : {message}")


def _read(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise _fail(path, f"YAML illisible ({error})") from error


def _parse_date(path: Path, where: str, raw: Any) -> date:
    try:
        return date.fromisoformat(str(raw))
    except ValueError as error:
        raise _fail(path, f"{where} : date invalide « {raw} »") from error


def _check_value(path: Path, where: str, unit: str, raw: Any, enum_values: tuple[str, ...]):
    """Convert and check a raw YAML value against the unit of the parameter."""
    if raw is None:
        return None  # the parameter stops (abrogation)
    if isinstance(raw, bool):
        raise _fail(path, f"{where} : booléen interdit pour l'unité {unit}")
    if unit in {"currency", "rate", "number"}:
        try:
            value = Decimal(str(raw))
        except InvalidOperation as error:
            raise _fail(path, f"{where} : nombre attendu, reçu « {raw} »") from error
        if unit == "rate" and not Decimal(0) <= value <= Decimal(1):
            raise _fail(path, f"{where} : un taux est entre 0 et 1, reçu {value}")
        if unit == "currency" and value < 0:
            raise _fail(path, f"{where} : montant négatif {value}")
        return value
    if unit in {"months", "days", "years"}:
        if not isinstance(raw, int) or raw < 0:
            raise _fail(path, f"{where} : entier positif attendu, reçu « {raw} »")
        return raw
    if unit == "date":
        return _parse_date(path, where, raw)
    if unit == "month_day":
        text = str(raw)
        try:
            date.fromisoformat(f"2000-{text}")
        except ValueError as error:
            raise _fail(path, f"{where} : jour « MM-JJ » attendu, reçu « {raw} »") from error
        return text
    if unit == "enum":
        if str(raw) not in enum_values:
            raise _fail(path, f"{where} : « {raw} » n'est pas dans {list(enum_values)}")
        return str(raw)
    raise _fail(path, f"unité inconnue {unit}")


def _load_parameter(path: Path, name: str, registry: dict[str, Reference]) -> Parameter:
    data = _read(path)
    if not isinstance(data, dict):
        raise _fail(path, "un paramètre est un dictionnaire YAML")
    unknown = set(data) - PARAMETER_KEYS
    if unknown:
        raise _fail(path, f"clés inconnues {sorted(unknown)}")
    for key in ("description", "unit", "selected_by", "values"):
        if key not in data:
            raise _fail(path, f"clé obligatoire absente : {key}")
    unit, selected_by = data["unit"], data["selected_by"]
    if unit not in UNITS:
        raise _fail(path, f"unité inconnue « {unit} » (attendu : {sorted(UNITS)})")
    if selected_by not in SELECTORS:
        raise _fail(path, f"selected_by inconnu « {selected_by} » (attendu : {sorted(SELECTORS)})")
    enum_values = tuple(str(item) for item in data.get("enum_values") or ())
    if unit == "enum" and not enum_values:
        raise _fail(path, "unité enum sans enum_values")
    raw_values = data["values"]
    if not isinstance(raw_values, list) or not raw_values:
        raise _fail(path, "values doit être une liste non vide")
    items: list[tuple[date, Any, str, str]] = []
    for position, entry in enumerate(raw_values):
        where = f"values[{position}]"
        if not isinstance(entry, dict):
            raise _fail(path, f"{where} : dictionnaire attendu")
        unknown = set(entry) - VALUE_KEYS
        if unknown:
            raise _fail(path, f"{where} : clés inconnues {sorted(unknown)}")
        for key in ("start", "value", "reference"):
            if key not in entry:
                raise _fail(path, f"{where} : clé obligatoire absente : {key}")
        start = _parse_date(path, f"{where}.start", entry["start"])
        if items and start <= items[-1][0]:
            raise _fail(path, f"{where}.start : dates non croissantes ({start.isoformat()})")
        reference = str(entry["reference"])
        if reference not in registry:
            raise _fail(path, f"{where}.reference : « {reference} » absente de references.yaml")
        value = _check_value(path, f"{where}.value", unit, entry["value"], enum_values)
        items.append((start, value, reference, str(entry.get("note") or "")))
    values = []
    for position, (start, value, reference, note) in enumerate(items):
        end = None
        if position + 1 < len(items):
            end = date.fromordinal(items[position + 1][0].toordinal() - 1)
        values.append(ParamValue(name, value, start, end, reference, note))
    return Parameter(
        name=name,
        description=str(data["description"]),
        unit=unit,
        selected_by=selected_by,
        values=tuple(values),
        enum_values=enum_values,
        path=str(path.relative_to(PARAMETERS_DIR))
        if path.is_relative_to(PARAMETERS_DIR)
        else str(path),
    )


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """The registry of legal sources, id → ``Reference``."""
    data = _read(REFERENCES_FILE)
    if not isinstance(data, dict):
        raise _fail(REFERENCES_FILE, "le registre est un dictionnaire id → source")
    registry = {}
    for ref_id, entry in data.items():
        if not isinstance(entry, dict) or "title" not in entry:
            raise _fail(REFERENCES_FILE, f"{ref_id} : title obligatoire")
        unknown = set(entry) - REFERENCE_KEYS
        if unknown:
            raise _fail(REFERENCES_FILE, f"{ref_id} : clés inconnues {sorted(unknown)}")
        registry[str(ref_id)] = Reference(
            id=str(ref_id), **{key: str(value) for key, value in entry.items()}
        )
    return registry


@lru_cache(maxsize=256)
def citation(ref_id: str) -> str:
    """The French citation of a source of the registry (``KeyError`` if unknown)."""
    return references()[ref_id].citation()


@lru_cache(maxsize=1)
def all_parameters() -> dict[str, Parameter]:
    """Every parameter, validated, by dotted name."""
    registry = references()
    parameters = {}
    for path in sorted(PARAMETERS_DIR.rglob("*.yaml")):
        if path == REFERENCES_FILE:
            continue
        name = ".".join(path.relative_to(PARAMETERS_DIR).with_suffix("").parts)
        parameters[name] = _load_parameter(path, name, registry)
    return parameters


def parse_override(name: str, raw: Any) -> Any:
    """Check and convert a what-if value for ``name`` (``--set NAME=VALUE``)."""
    parameters = all_parameters()
    if name not in parameters:
        raise ParameterError(f"paramètre inconnu « {name} » : impossible de le simuler")
    parameter = parameters[name]
    if parameter.unit in {"months", "days", "years"} and isinstance(raw, str):
        try:
            raw = int(raw)
        except ValueError as error:
            raise ParameterError(f"{name} : entier attendu, reçu « {raw} »") from error
    return _check_value(Path(name), "valeur simulée", parameter.unit, raw, parameter.enum_values)


_OVERRIDES: ContextVar[dict[str, Any] | None] = ContextVar("cesp_rules_overrides", default=None)


@contextmanager
def overriding(overrides: dict[str, Any] | None) -> Iterator[None]:
    """Within the block, every ``value()`` lookup sees these what-if values."""
    token = _OVERRIDES.set(overrides or None)
    try:
        yield
    finally:
        _OVERRIDES.reset(token)


def value(name: str, on: date, overrides: dict[str, Any] | None = None) -> ParamValue:
    """The value of parameter ``name`` in force on ``on``.

    ``overrides`` (what-if; by default those of the enclosing ``overriding()`` block)
    replaces it by a simulated value, flagged ``simulated``.
    """
    if overrides is None:
        overrides = _OVERRIDES.get()
    if overrides and name in overrides:
        return ParamValue(
            name,
            overrides[name],
            on,
            None,
            SIMULATION_REFERENCE,
            "valeur simulée",
            simulated=True,
        )
    return _value_cached(name, on)


@lru_cache(maxsize=65536)
def _value_cached(name: str, on: date) -> ParamValue:
    parameters = all_parameters()
    if name not in parameters:
        raise ParameterError(f"paramètre inconnu « {name} »")
    return parameters[name].at(on)


def parameters_as_data() -> dict[str, Any]:
    """All parameters and references as JSON-safe data (for the digest and the docs)."""
    return {
        "parameters": {
            name: {
                "description": parameter.description,
                "unit": parameter.unit,
                "selected_by": parameter.selected_by,
                "values": [item.to_dict() for item in parameter.values],
            }
            for name, parameter in all_parameters().items()
        },
        "references": {ref_id: ref.to_dict() for ref_id, ref in references().items()},
    }


@lru_cache(maxsize=1)
def parameters_digest() -> str:
    """sha256 of the loaded parameters and references: stamps every batch result."""
    canonical = json.dumps(parameters_as_data(), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
