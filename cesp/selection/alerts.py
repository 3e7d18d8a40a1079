"""Alerts on the lists' deadline (D5): the lists reach the manager before the campaign's
date (15 January by default; arrêté du 27 juillet 2010, art. 2; R632-70 C. éduc.).

A campaign is *pending* while one of its lists is not transmitted, or while it has
ranked dossiers and no list at all. From ``NEAR_DAYS`` before the deadline the UFR is
told once; once the deadline has passed the UFR and the manager are told once
(idempotent per campaign and deadline: the daily job may run twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from . import notifications
from .enums import DossierState, MilestoneKind
from .models import Campaign, Dossier, Milestone, RankedList

NEAR_DAYS = 7


@dataclass(frozen=True)
class Alert:
    campaign: Campaign
    deadline: date
    passed: bool
    pending: int


def pending_lists(campaign: Campaign) -> int:
    lists = RankedList.objects.filter(campaign=campaign)
    if not lists.exists():
        return int(Dossier.objects.filter(campaign=campaign, state=DossierState.RANKED).exists())
    return lists.not_transmitted().count()


def alerts_due(today: date) -> list[Alert]:
    """The campaigns to alert today, nearest deadline first."""
    deadlines = Milestone.objects.filter(
        kind=MilestoneKind.LISTS_DEADLINE, date__lte=today + timedelta(days=NEAR_DAYS)
    ).select_related("campaign", "campaign__ufr")
    out = []
    for milestone in deadlines:
        if today > date(milestone.campaign.academic_year + 1, 9, 30):
            continue  # the lists have expired with the academic year (R632-70)
        pending = pending_lists(milestone.campaign)
        if pending:
            out.append(Alert(milestone.campaign, milestone.date, milestone.date < today, pending))
    return sorted(out, key=lambda a: (a.deadline, a.campaign.pk))


def send(alert: Alert) -> int:
    with transaction.atomic():
        return notifications.lists_deadline_alert(
            alert.campaign, alert.deadline, alert.passed, alert.pending
        )
