"""The status of a contract on a date: one of the eight statuses of interfaces.md §1."""

from __future__ import annotations

from datetime import date

from cesp.rules.allocation import Allocation
from cesp.rules.breach import NO_REPAYMENT
from cesp.rules.engagement import Engagement
from cesp.rules.explain import NO_STEP, Figure, Step, explaining
from cesp.rules.months import Month
from cesp.rules.situation import Situation
from cesp.rules.vocabulary import STATUS_LABELS, STATUSES

__all__ = ["LABELS", "STATUSES", "contract_status"]

#: Lower-case labels, for the middle of a sentence ("Statut : en études").
LABELS = {status: label[0].lower() + label[1:] for status, label in STATUS_LABELS.items()}


def _covers(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day <= end)


def contract_status(
    situation: Situation,
    as_of: date,
    allocation: Allocation,
    engagement: Engagement,
    breach_cause: str | None,
) -> Figure[str]:
    """The status on ``as_of``: ended, completed, practice, deferral, suspension, studies."""
    if breach_cause is not None:
        status = "ended_without_repayment" if breach_cause in NO_REPAYMENT else "broken"
        why = f"rupture enregistrée ({breach_cause})"
    elif engagement.completed_on is not None:
        status, why = "completed", f"engagement accompli en {engagement.completed_on}"
    elif any(_covers(e.start, e.end, as_of) for e in situation.of_type("practice_suspension")):
        status, why = "practice_suspended", "suspension d'exercice en cours"
    elif any(_covers(e.start, e.end, as_of) for e in situation.of_type("practice")):
        status, why = "practising", "exercice en cours"
    elif any(_covers(p.start, p.end, as_of) for p in allocation.deferrals):
        status, why = "deferred", "report d'installation en cours"
    elif allocation.third_cycle_effect is not None and allocation.third_cycle_effect <= as_of:
        status, why = "suspended", "suspension du troisième cycle en cours"
    elif any(
        Month.of(e.start) <= Month.of(as_of) <= Month.of(e.end)
        for e in situation.of_type("suspension")
    ):
        status, why = "suspended", "suspension pendant les études en cours"
    else:
        status = "in_studies"
        why = (
            "diplômé, installation non encore enregistrée"
            if allocation.diploma_date is not None and allocation.diploma_date <= as_of
            else "études en cours, allocation versée"
        )
    if not explaining():
        return Figure(status, NO_STEP)
    step = Step(
        figure="status",
        value=status,
        rule=(
            "Statut à la date d'évaluation : rupture, engagement accompli, suspension "
            "d'exercice, exercice, report, suspension, sinon études."
        ),
        branch=f"{LABELS[status]} — {why} au {as_of:%d/%m/%Y}",
    )
    return Figure(status, step)
