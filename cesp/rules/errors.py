"""Errors of the rules engine: always a French message naming the field, the value and the rule."""

from __future__ import annotations

from typing import Any


class SituationError(ValueError):
    """A situation that the rules refuse.

    ``field`` is the path of the offending field (``events[2].to``), ``value`` the value
    received, ``rule`` the rule or article that refuses it, ``message`` the French
    explanation of the problem. ``str(error)`` is the full message for a person.
    """

    def __init__(self, field: str, value: Any, rule: str, message: str) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        self.message = message
        super().__init__(self.full_message())

    def full_message(self) -> str:
        shown = "(absent)" if self.value is None else f"« {self.value} »"
        return f"{self.field} : valeur {shown} refusée — {self.message} (règle : {self.rule})"

    def to_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "value": "" if self.value is None else str(self.value),
            "rule": self.rule,
            "message": self.full_message(),
        }


class ParameterError(RuntimeError):
    """A parameter file that does not follow the layout: the engine refuses to start."""


def outside_known_texts(error: ParameterError) -> SituationError:
    """A situation whose dates fall outside every dated parameter's history."""
    return SituationError(
        "(situation)",
        None,
        "paramètres datés (cesp/rules/parameters)",
        f"situation hors du domaine des textes connus : {error}",
    )
