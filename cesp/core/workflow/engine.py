"""A workflow is a state field and a list of declared transitions.

Each transition says from which states it leaves, where it goes, who may take it
(``allowed(user, obj)``) and what the regulation requires (``guard(obj, data)`` returns
the French reasons it refuses, each citing its text; empty means it may go). ``apply``
takes the object's row lock, checks again, moves the state and logs the transition in
one transaction, so two agents clicking at once move it once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cesp.core.audit import labels as audit_labels
from cesp.core.audit import services as audit

from .models import TransitionLog

Guard = Callable[[Any, dict[str, Any]], list[str]]
Allowed = Callable[[Any, Any], bool]


def anyone(user: Any, obj: Any) -> bool:
    return True


def no_objection(obj: Any, data: dict[str, Any]) -> list[str]:
    return []


class TransitionRefused(Exception):
    """The transition cannot be taken; ``reasons`` are French sentences for the user."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: Allowed = anyone
    guard: Guard = no_objection
    needs_reason: bool = False


@dataclass
class Workflow:
    """``name`` identifies the circuit in the log; ``states`` maps each state to its label."""

    name: str
    state_field: str
    states: dict[str, str]
    transitions: list[Transition] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: two transitions share a name")
        for t in self.transitions:
            unknown = {*t.sources, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{t.name}: unknown states {sorted(unknown)}")
        # The audit log shows each transition and state in French (cesp.core.audit.labels).
        for t in self.transitions:
            audit_labels.register_action(f"{self.name}.{t.name}", t.label)
        audit_labels.register_values("state", self.states, prefix=self.name)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)

    def refusals(
        self, obj: Any, user: Any, name: str, data: dict[str, Any] | None = None, reason: str = ""
    ) -> list[str]:
        """Why ``user`` may not take transition ``name`` on ``obj`` now (empty: allowed)."""
        try:
            t = self.transition(name)
        except KeyError:
            return ["Cette étape n'existe pas."]
        state = self.state_of(obj)
        if state not in t.sources:
            return [f"« {t.label} » n'est pas possible à l'état « {self.state_label(state)} »."]
        if not t.allowed(user, obj):
            return [f"Vous n'avez pas le droit de faire « {t.label} »."]
        if t.needs_reason and not reason.strip():
            return [f"« {t.label} » demande un motif."]
        return t.guard(obj, data or {})

    def available(self, obj: Any, user: Any) -> list[Transition]:
        """Transitions this user may take now, by state and role (guards are checked on apply,
        where the data they need is given)."""
        state = self.state_of(obj)
        return [t for t in self.transitions if state in t.sources and t.allowed(user, obj)]

    def apply(
        self,
        obj: models.Model,
        user: Any,
        name: str,
        *,
        reason: str = "",
        data: dict[str, Any] | None = None,
        at: datetime | None = None,
        contract_id: int | None = None,
        on_apply: Callable[[models.Model], None] | None = None,
    ) -> TransitionLog:
        """Take the transition, or raise ``TransitionRefused`` with nothing written.

        ``on_apply(locked_obj)`` runs inside the same transaction, after the state moved:
        the use case's own writes (a contract event, a document) commit or fail with it.
        """
        data = dict(data or {})
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            reasons = self.refusals(locked, user, name, data, reason)
            if reasons:
                raise TransitionRefused(reasons)
            t = self.transition(name)
            source = self.state_of(locked)
            setattr(locked, self.state_field, t.target)
            locked.save(update_fields=[self.state_field])
            setattr(obj, self.state_field, t.target)
            if on_apply is not None:
                on_apply(locked)
            log = TransitionLog.objects.create(
                workflow=self.name,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                transition=t.name,
                transition_label=t.label,
                source=source,
                target=t.target,
                actor=user if getattr(user, "pk", None) else None,
                actor_label=getattr(user, "username", "") or "",
                at=at or timezone.now(),
                reason=reason,
                data=data,
            )
            audit.record(
                user,
                f"{self.name}.{t.name}",
                obj,
                before={"state": source},
                after={"state": t.target},
                reason=reason,
                contract_id=contract_id,
            )
        return log

    def history(self, obj: models.Model) -> models.QuerySet[TransitionLog]:
        return TransitionLog.objects.for_object(obj)
