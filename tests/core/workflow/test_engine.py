"""The workflow engine, on a kernel model with a state field (a job run's outcome)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cesp.core.audit.models import AuditEntry
from cesp.core.jobs.models import JobRun
from cesp.core.workflow.engine import Transition, TransitionRefused, Workflow
from cesp.core.workflow.models import TransitionLog, TransitionLogError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def only_staff(user, obj) -> bool:
    return user.is_staff


def needs_counts(obj, data) -> list[str]:
    return [] if data.get("count", 0) > 0 else ["Aucun décompte : rien n'a été fait (article 1)."]


FLOW = Workflow(
    name="essai",
    state_field="outcome",
    states={"running": "En cours", "success": "Réussie", "failure": "Échouée"},
    transitions=[
        Transition("finish", "Terminer", ("running",), "success", guard=needs_counts),
        Transition(
            "fail", "Constater l'échec", ("running",), "failure", only_staff, needs_reason=True
        ),
    ],
)


def a_run() -> JobRun:
    return JobRun.objects.create(name="essai", started_at=timezone.now(), outcome="running")


def test_apply_moves_the_state_and_logs_who_when_why():
    user = UserFactory()
    run = a_run()
    log = FLOW.apply(run, user, "finish", data={"count": 3})
    run.refresh_from_db()
    assert run.outcome == "success"
    assert (log.source, log.target, log.actor, log.data) == (
        "running",
        "success",
        user,
        {"count": 3},
    )
    assert list(FLOW.history(run)) == [log]
    assert AuditEntry.objects.filter(action="essai.finish", object_id=str(run.pk)).exists()


def test_guard_refusal_says_why_and_writes_nothing():
    run = a_run()
    with pytest.raises(TransitionRefused) as refused:
        FLOW.apply(run, UserFactory(), "finish", data={"count": 0})
    assert refused.value.reasons == ["Aucun décompte : rien n'a été fait (article 1)."]
    run.refresh_from_db()
    assert run.outcome == "running"
    assert not TransitionLog.objects.exists()


def test_role_state_and_reason_are_checked():
    run = a_run()
    clerk, boss = UserFactory(is_staff=False), UserFactory(is_staff=True)
    assert [t.name for t in FLOW.available(run, clerk)] == ["finish"]
    assert "droit" in FLOW.refusals(run, clerk, "fail", reason="panne")[0]
    assert "motif" in FLOW.refusals(run, boss, "fail")[0]
    FLOW.apply(run, boss, "fail", reason="panne")
    assert "n'est pas possible" in FLOW.refusals(run, boss, "finish", {"count": 1})[0]
    assert FLOW.refusals(run, boss, "nope") == ["Cette étape n'existe pas."]


def test_a_stale_object_cannot_move_twice():
    run = a_run()
    stale = JobRun.objects.get(pk=run.pk)
    FLOW.apply(run, UserFactory(), "finish", data={"count": 1})
    with pytest.raises(TransitionRefused):
        FLOW.apply(stale, UserFactory(is_staff=True), "fail", reason="trop tard")
    assert TransitionLog.objects.count() == 1


def test_on_apply_failure_rolls_back_everything():
    run = a_run()

    def boom(obj):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        FLOW.apply(run, UserFactory(), "finish", data={"count": 1}, on_apply=boom)
    run.refresh_from_db()
    assert run.outcome == "running" and not TransitionLog.objects.exists()


def test_the_log_is_append_only():
    run = a_run()
    log = FLOW.apply(run, UserFactory(), "finish", data={"count": 1})
    with pytest.raises(TransitionLogError):
        log.save()
    with pytest.raises(TransitionLogError):
        TransitionLog.objects.all().delete()


def test_declaring_an_unknown_state_fails_at_import():
    with pytest.raises(ValueError):
        Workflow("x", "outcome", {"a": "A"}, [Transition("t", "T", ("a",), "b")])
