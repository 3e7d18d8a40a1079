"""Presentation of the engine's explanations ("pourquoi ?") for templates.

The engine (``cesp.rules``) returns, with every result, the list of its explanation steps
(interfaces.md §1: ``figure``, ``value``, ``rule``, ``sources``, ``parent`` and, depending
on the step, parameters, a note on a documented choice, the branch taken…), each once.
This module only reshapes those steps into one stable shape so that templates never
touch a key that may be missing; it computes nothing.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cesp.rules.readable import figure_name, parameter_name, parameter_unit, readable


@dataclass(frozen=True)
class Parameter:
    name: str
    value: str
    reference: str


@dataclass(frozen=True)
class Step:
    figure: str
    value: str
    rule: str
    text: str
    label: str = ""  # the figure's French name (never its code)
    sources: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    children: list["Step"] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One plain French sentence: « Mois d'allocation dus : 83 — de 2021-10 … »."""
        head = f"{self.label} : {self.value}" if self.value != "—" else self.label
        return f"{head} — {self.branch}" if self.branch else head

    @property
    def branch(self) -> str:
        prefix = "Cas retenu : "
        return next((n[len(prefix) :] for n in self.notes if n.startswith(prefix)), "")


AMOUNT = re.compile(r"-?\d+\.\d\d")


ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _as_text(value: object, figure: str = "", unit: str = "") -> str:
    """A value for a French reader, written by the engine's ``readable``: labels for
    codes, « 81 422,25 € » for amounts, « 0,40 » for rates, dd/mm/yyyy dates."""
    from cesp.rules.readable import value_text

    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value_text(date.fromisoformat(value))
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return value_text(Decimal(value), figure, unit)
    if isinstance(value, float):
        value = Decimal(str(value))
    return value_text(value, figure, unit)


def _sources(raw: object) -> list[str]:
    if not raw:
        return []
    if isinstance(raw, str | dict):
        raw = [raw]
    out = []
    for source in raw:
        if isinstance(source, dict):
            label = source.get("label") or source.get("title") or source.get("ref") or ""
            url = source.get("url") or ""
            out.append(f"{label} ({url})" if url and label else (label or url or str(source)))
        else:
            out.append(readable(str(source)))
    return out


def _citation(reference: object) -> str:
    """The French citation of a reference id of the engine's registry."""
    if not isinstance(reference, str) or not reference:
        return ""
    from cesp.rules.params import citation

    try:
        return citation(reference)
    except KeyError:
        return ""


def _parameters(raw: object) -> list[Parameter]:
    if not raw:
        return []
    if isinstance(raw, dict):
        items = []
        for name, value in raw.items():
            if isinstance(value, dict):
                items.append({"name": name, **value})
            else:
                items.append({"name": name, "value": value})
        raw = items
    params = []
    for item in raw:
        if not isinstance(item, dict):
            params.append(Parameter(str(item), "", ""))
            continue
        reference = item.get("citation") or _citation(item.get("reference")) or ""
        since = item.get("start") or item.get("since") or item.get("from") or ""
        if item.get("simulated"):
            reference = "valeur simulée"
            since = ""
        if isinstance(reference, list | dict):
            reference = "; ".join(_sources(reference))
        if isinstance(since, str) and ISO_DATE.fullmatch(since):
            since = _as_text(since)
        if since:
            reference = f"{reference} (depuis le {since})" if reference else f"depuis le {since}"
        name = str(item.get("name") or item.get("id") or "")
        params.append(
            Parameter(
                str(item.get("label") or parameter_name(name)),
                _as_text(item.get("value"), unit=parameter_unit(name)),
                readable(str(reference)),
            )
        )
    return params


def _notes(raw: dict) -> list[str]:
    notes = []
    if raw.get("branch"):
        notes.append(f"Cas retenu : {readable(str(raw['branch']))}")
    for item in raw.get("rejected") or []:
        if isinstance(item, dict):
            why = readable(str(item.get("why") or ""))
            notes.append(
                f"Cas écarté : {_as_text(item.get('branch', ''))}" + (f" — {why}" if why else "")
            )
        else:
            notes.append(f"Cas écarté : {_as_text(item)}")
    choices = raw.get("choices") or ([raw["choice"]] if raw.get("choice") else [])
    for choice in choices:
        notes.append(f"Choix documenté : {readable(str(choice))}")
    if raw.get("simulated"):
        notes.append("Attention : valeur simulée (hypothèse), pas un droit acquis.")
    return notes


def normalise(raw: dict) -> Step:
    """One engine step, reshaped (recursively through its sub-steps), in plain French."""
    children = raw.get("steps") or raw.get("children") or []
    figure = str(raw.get("figure") or "")
    return Step(
        figure=figure,
        value=_as_text(raw.get("value"), figure),
        rule=readable(str(raw.get("rule") or "")),
        text=readable(str(raw.get("text") or raw.get("formula") or raw.get("label") or "")),
        label=figure_name(figure) if figure else "",
        sources=_sources(raw.get("sources")),
        parameters=_parameters(raw.get("parameters") or raw.get("params")),
        notes=_notes(raw),
        children=[normalise(c) for c in children if isinstance(c, dict)],
    )


def _matches(step: dict, prefixes: tuple[str, ...]) -> bool:
    return str(step.get("figure") or "").startswith(prefixes)


def _find(tree: dict, prefixes: tuple[str, ...]) -> list[dict]:
    """The top-most nodes of the tree computing a figure named with one of ``prefixes``."""
    if _matches(tree, prefixes):
        return [tree]
    found: list[dict] = []
    for child in tree.get("children") or []:
        if isinstance(child, dict):
            found.extend(_find(child, prefixes))
    return found


def tree_of(entries: list) -> dict | None:
    """The explanation tree rebuilt from the engine's flat list (interfaces.md §1:
    every step once, ``parent`` the position of its parent step)."""
    nodes = [
        {**entry, "children": []} if isinstance(entry, dict) else {"children": []}
        for entry in entries
    ]
    root = None
    for node in nodes:
        parent = node.get("parent")
        if isinstance(parent, int) and 0 <= parent < len(nodes):
            nodes[parent]["children"].append(node)
        elif root is None:
            root = node
    return root


def steps_for(result: dict | None, *prefixes: str) -> list[Step]:
    """The explanation of the figures whose name starts with one of ``prefixes``: the
    top-most steps computing them, with their sub-steps."""
    if not result or not prefixes:
        return []
    entries = [s for s in (result.get("explanation") or []) if isinstance(s, dict)]
    tree = tree_of(entries) if entries else None
    if tree is None:
        return []
    return [normalise(node) for node in _find(tree, prefixes)]
