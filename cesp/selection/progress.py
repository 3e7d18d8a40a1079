"""Where things stand: the candidate's next step (who acts, by when) and each agent's
week (what is due, their campaigns with their counts). Read from the facts and the
campaign's milestones; nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_national

from .enums import DossierState, MilestoneKind
from .models import Campaign, Dossier, Milestone, RankedList

S = DossierState
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class NextStep:
    actor: str
    action: str
    due: date | None


def _dates(campaign: Campaign) -> dict[str, date]:
    return dict(Milestone.objects.filter(campaign=campaign).values_list("kind", "date"))


def next_step(dossier: Dossier) -> NextStep | None:
    """Who acts next on this dossier, and by when (None once it is closed)."""
    dates = _dates(dossier.campaign)
    examiner = "L'ARS de la région (dossier PADHUE)" if dossier.is_padhue else "Votre UFR"
    commission = dates.get(MilestoneKind.COMMISSION)
    state = dossier.state
    if state == S.DRAFT:
        return NextStep("Vous", "compléter et déposer votre dossier", dates.get("filing_deadline"))
    if state == S.FILED:
        return NextStep(examiner, "ouvrir l'examen de votre dossier", commission)
    if state == S.SCREENING:
        return NextStep("La commission de sélection", "examiner votre dossier", commission)
    if state == S.SHORTLISTED:
        return NextStep("La commission de sélection", "vous auditionner", commission)
    if state == S.INTERVIEW:
        return NextStep("La commission de sélection", "établir son classement", commission)
    if state == S.RANKED:
        entry = dossier.list_entries.select_related("ranked_list").first()
        if entry is None or not entry.ranked_list.is_posted:
            return NextStep(
                "Le directeur de l'UFR",
                "afficher les listes et les transmettre au gestionnaire",
                dates.get(MilestoneKind.LISTS_DEADLINE),
            )
        return NextStep(
            "Le gestionnaire national (ASP)",
            f"vous proposer un contrat selon votre rang ({entry.get_kind_display().lower()}, "
            f"n° {entry.rank}) après la publication de l'arrêté de quotas",
            dates.get(MilestoneKind.QUOTA_PUBLISHED),
        )
    return None


@dataclass(frozen=True)
class Due:
    label: str
    campaign: Campaign
    due: date | None
    count: int = 0
    overdue: bool = False


def _waiting(user, campaigns) -> dict[int, dict[str, int]]:
    """Per campaign, the dossiers waiting for this user's role."""
    states: list[str] = []
    extra = Q()
    if user.role in (Role.UFR_AGENT,) or is_national(user):
        states = [S.FILED]
        extra = ~Q(category="padhue") if user.role == Role.UFR_AGENT else Q()
    if user.role == Role.COMMISSION_MEMBER:
        states = [S.SCREENING, S.SHORTLISTED, S.INTERVIEW]
    if ars_region(user):
        states, extra = [S.FILED], Q(category="padhue")
    rows = (
        Dossier.objects.filter(campaign__in=campaigns, state__in=states)
        .filter(extra)
        .values("campaign_id", "state")
        .annotate(n=Count("id"))
    )
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["campaign_id"], {})[row["state"]] = row["n"]
    return out


def due_this_week(user, today: date) -> list[Due]:
    """What is due for this agent from today to a week ahead, and what is overdue."""
    campaigns = list(Campaign.objects.visible_to(user).select_related("ufr"))
    items: list[Due] = []
    milestones = Milestone.objects.filter(
        campaign__in=campaigns, date__gte=today, date__lte=today + WEEK
    ).select_related("campaign", "campaign__ufr")
    items += [Due(m.get_kind_display(), m.campaign, m.date) for m in milestones]
    waiting = _waiting(user, campaigns)
    by_id = {c.pk: c for c in campaigns}
    for campaign_id, counts in waiting.items():
        for state, n in counts.items():
            items.append(
                Due(f"Dossiers « {S(state).label} » à traiter", by_id[campaign_id], None, n)
            )
    deadlines = dict(
        Milestone.objects.filter(
            campaign__in=campaigns, kind=MilestoneKind.LISTS_DEADLINE
        ).values_list("campaign_id", "date")
    )
    pending = (
        RankedList.objects.filter(campaign__in=campaigns)
        .not_transmitted()
        .values("campaign_id")
        .annotate(n=Count("id"))
    )
    for row in pending:
        deadline = deadlines.get(row["campaign_id"])
        if deadline and deadline <= today + WEEK:
            items.append(
                Due(
                    "Listes à transmettre au gestionnaire",
                    by_id[row["campaign_id"]],
                    deadline,
                    row["n"],
                    overdue=deadline < today,
                )
            )
    return sorted(items, key=lambda d: (not d.overdue, d.due or today, d.label))


def campaign_counts(user) -> list[tuple[Campaign, dict[str, int]]]:
    """The user's campaigns with their dossiers counted by state (drafts not counted)."""
    campaigns = list(Campaign.objects.visible_to(user).select_related("ufr"))
    rows = (
        Dossier.objects.visible_to(user)
        .filter(campaign__in=campaigns)
        .filed()
        .values("campaign_id", "state")
        .annotate(n=Count("id"))
    )
    counts: dict[int, dict[str, int]] = {c.pk: {} for c in campaigns}
    for row in rows:
        counts[row["campaign_id"]][row["state"]] = row["n"]
    return [(c, counts[c.pk]) for c in campaigns]
