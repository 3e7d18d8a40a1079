"""Explanations: every figure the engine computes carries the tree of steps that made it.

A ``Step`` says which figure it computes, the value, the rule in words (French), the
branch taken and the branches rejected (with why), the dated parameters used, the legal
sources, and — when the engine applied a documented choice on an open question — the
choice and where it is written (``docs/rules-choices.md#qN``). ``Figure`` pairs a value
with its step. Neither is modified once built; rendering is ``to_dict()`` (JSON-safe) and
``to_text()`` (French, for a person).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Generic, TypeVar

from cesp.rules import readable as r
from cesp.rules.months import Month
from cesp.rules.params import ParamValue
from cesp.rules.readable import FIGURE_LABELS

T = TypeVar("T")

CHOICES_DOC = "docs/rules-choices.md"


_EXPLAINING: ContextVar[bool] = ContextVar("cesp_rules_explaining", default=True)


def explaining() -> bool:
    """False inside ``quiet()``: rules then skip building their explanation steps."""
    return _EXPLAINING.get()


@contextmanager
def quiet() -> Iterator[None]:
    """Compute figures without explanations (the fast path of summaries and batches)."""
    token = _EXPLAINING.set(False)
    try:
        yield
    finally:
        _EXPLAINING.reset(token)


def figure_label(figure: str) -> str:
    """« Mois d'allocation dus (allocation.months) », or the identifier when unnamed."""
    label = FIGURE_LABELS.get(figure)
    return f"{label} ({figure})" if label else figure


def choice_link(anchor: str) -> str:
    """Where a documented choice lives, e.g. ``docs/rules-choices.md#q12``."""
    return f"{CHOICES_DOC}#{anchor.lower()}"


@dataclass(frozen=True, slots=True)
class Rejected:
    """A branch the rule did not take, and why."""

    branch: str
    why: str

    def to_dict(self) -> dict[str, str]:
        return {"branch": self.branch, "why": self.why}


@dataclass(slots=True)
class Step:
    """One step of an explanation (see the module docstring).

    Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``,
    which made building steps a third slower (issue 12 §5). Steps are never modified after
    construction (``dataclasses.replace`` makes a new one).
    """

    figure: str
    value: Any
    rule: str
    branch: str = ""
    rejected: tuple[Rejected, ...] = ()
    parameters: tuple[ParamValue, ...] = ()
    sources: tuple[str, ...] = ()
    choice: str = ""
    simulated: bool = False
    children: tuple[Step, ...] = ()

    def all_sources(self) -> list[str]:
        """Sources of this step and of every step below, without duplicates, in order."""
        return self._gather()[0]

    def _gather(self) -> tuple[list[str], list[str], bool]:
        """One pass over the sub-tree: sources (parameters' citations too), choices, simulated."""
        sources: dict[str, None] = {}
        choices: dict[str, None] = {}
        simulated = False
        for step in self.walk():
            for source in step.sources:
                sources[source] = None
            for parameter in step.parameters:
                sources[_citation(parameter)] = None
                simulated = simulated or parameter.simulated
            if step.choice:
                choices[step.choice] = None
            simulated = simulated or step.simulated
        return list(sources), list(choices), simulated

    def walk(self) -> Iterator[Step]:
        """This step, then every descendant, depth first."""
        stack = [self]
        while stack:
            step = stack.pop()
            yield step
            if step.children:
                stack.extend(reversed(step.children))

    def is_simulated(self) -> bool:
        return self._gather()[2]

    def find(self, figure: str) -> Step | None:
        """The first step (depth first) computing ``figure``."""
        for step in self.walk():
            if step.figure == figure:
                return step
        return None

    def index(self) -> dict[str, Step]:
        """The first step (depth first) of each figure of the sub-tree."""
        found: dict[str, Step] = {}
        for step in self.walk():
            found.setdefault(step.figure, step)
        return found

    def summary(self) -> dict[str, Any]:
        """The flat form of interfaces.md §1: figure, value, rule, sources (+ choice…)."""
        sources, choices, simulated = self._gather()
        entry: dict[str, Any] = {
            "figure": self.figure,
            "value": json_safe(self.value),
            "rule": self.rule,
            "sources": sources,
        }
        if self.branch:
            entry["branch"] = self.branch
        if choices:
            entry["choices"] = choices
        if simulated:
            entry["simulated"] = True
        return entry

    def entry(self) -> dict[str, Any]:
        """This step alone, as JSON: empty fields left out (children are written apart)."""
        value = self.value
        if value is not None and not isinstance(value, (str, int, float)):
            value = json_safe(value)
        entry: dict[str, Any] = {
            "figure": self.figure,
            "value": value,
            "rule": self.rule,
            "sources": list(self.sources),
        }
        if self.branch:
            entry["branch"] = self.branch
        if self.rejected:
            entry["rejected"] = [{"branch": r.branch, "why": r.why} for r in self.rejected]
        simulated = self.simulated
        if self.parameters:
            entry["parameters"] = [_parameter_entry(p) for p in self.parameters]
            simulated = simulated or any(p.simulated for p in self.parameters)
        if self.choice:
            entry["choice"] = self.choice
        if simulated:
            entry["simulated"] = True
        return entry

    def flat(self) -> list[dict[str, Any]]:
        """Every step once, depth first; ``parent`` is the position of the parent step.

        The tree is written once (interfaces.md §1 ``explanation``): a reader rebuilds it
        from ``parent``; sources of a sub-tree are the union of its steps'.
        """
        entries: list[dict[str, Any]] = []
        stack: list[tuple[Step, int | None]] = [(self, None)]
        while stack:
            step, parent = stack.pop()
            entry = step.entry()
            if parent is not None:
                entry["parent"] = parent
            position = len(entries)
            entries.append(entry)
            stack.extend((child, position) for child in reversed(step.children))
        return entries

    def to_dict(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "value": json_safe(self.value),
            "rule": self.rule,
            "branch": self.branch,
            "rejected": [item.to_dict() for item in self.rejected],
            "parameters": [dict(_parameter_dict(parameter)) for parameter in self.parameters],
            "sources": list(self.sources),
            "choice": self.choice,
            "simulated": self.simulated or any(p.simulated for p in self.parameters),
            "children": [child.to_dict() for child in self.children],
        }

    def to_text(self, indent: int = 0) -> str:
        return "\n".join(self._lines(indent))

    def _lines(self, indent: int) -> list[str]:
        """French for a person (cesp.rules.readable): labels, French numbers, no codes."""
        pad = "  " * indent
        lines = [
            f"{pad}• {r.figure_name(self.figure)} : {r.value_text(self.value, self.figure)}",
            f"{pad}  Règle : {r.readable(self.rule)}",
        ]
        if self.branch:
            lines.append(f"{pad}  Cas retenu : {r.readable(self.branch)}")
        for item in self.rejected:
            lines.append(
                f"{pad}  Cas écarté : {r.value_text(item.branch)} — {r.readable(item.why)}"
            )
        for parameter in self.parameters:
            flag = " (SIMULÉ)" if parameter.simulated else ""
            value = r.value_text(parameter.value, unit=r.parameter_unit(parameter.name))
            lines.append(
                f"{pad}  Paramètre « {r.parameter_name(parameter.name)} » : {value}{flag}, "
                f"en vigueur depuis le {parameter.start.strftime('%d/%m/%Y')} "
                f"({r.readable(parameter.citation())})"
            )
        if self.sources:
            sources = " ; ".join(r.readable(source) for source in self.sources)
            lines.append(f"{pad}  Sources : {sources}")
        if self.choice:
            lines.append(f"{pad}  Choix documenté : {r.readable(self.choice)}")
        if self.simulated:
            lines.append(f"{pad}  Attention : valeur simulée (hypothèse), pas un droit acquis.")
        for child in self.children:
            lines.extend(child._lines(indent + 1))
        return lines


@lru_cache(maxsize=4096)
def _citation(parameter: ParamValue) -> str:
    return parameter.citation()


@lru_cache(maxsize=4096)
def _parameter_dict(parameter: ParamValue) -> dict[str, Any]:
    return parameter.to_dict()


@lru_cache(maxsize=4096)
def _parameter_compact(parameter: ParamValue) -> tuple[tuple[str, Any], ...]:
    full = parameter.to_dict()
    # ``citation`` is the reference's, in the registry (``params.citation(reference)``).
    full.pop("citation")
    return tuple((k, v) for k, v in full.items() if v is not None and v is not False)


def _parameter_entry(parameter: ParamValue) -> dict[str, Any]:
    """A parameter of a step, its empty fields left out (``end`` of one still in force)."""
    return dict(_parameter_compact(parameter))


NO_STEP = Step(figure="", value=None, rule="(explication non calculée)")


@dataclass(slots=True)
class Figure(Generic[T]):
    """A computed value and the step that explains it."""

    value: T
    step: Step = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"value": json_safe(self.value), "explanation": self.step.to_dict()}

    def to_text(self) -> str:
        return self.step.to_text()


def json_safe(value: Any) -> Any:
    """Decimal → string (amounts already rounded show two decimals), dates → ISO."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Month):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    return value


def text_value(value: Any) -> str:
    """A value for a French reader (amounts with a comma, dates dd/mm/yyyy)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return f"{value:,}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return str(value)
