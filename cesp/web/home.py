"""The home page of each role: "ce qui demande mon attention".

An agent's home lists first what the agent must act on: the regulatory deadlines whose
actor is the agent's side (``cesp.rules.deadlines``: the ARS, the national manager —
not the signatories' own deadlines, which their home shows them), the place choices
awaiting a decision in the regions they manage, and the contracts whose project or
place changes status with a zoning coming into force. Then facts of their scope (recent
events, periods ending soon, counts) from ``contracts.services`` on the user's scope
(``Contract.objects.visible_to``); figures come from the rules engine through
``contracts.figures``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ARS_ROLES, ars_region, is_national, ufr_of
from cesp.contracts import figures, services
from cesp.contracts.models import Contract
from cesp.core.geography import region_name
from cesp.followup import permissions as followup_permissions
from cesp.followup import summary as followup_summary
from cesp.rules.vocabulary import PROFESSIONS, status_label
from cesp.territories import impact as zoning_impact
from cesp.territories import permissions as territory_permissions
from cesp.territories.enums import PlaceDecision
from cesp.territories.models import PlaceChoice, ZoningVersion
from cesp.territories.places import competing_choices

from .navigation import user_abilities
from .space_zoning import zoning_notices

TEMPLATE_BY_ROLE = {
    Role.STUDENT: "web/home/student.html",
    Role.UFR_AGENT: "web/home/agency.html",
    Role.COMMISSION_MEMBER: "web/home/agency.html",
    Role.ARS_REFERENT: "web/home/agency.html",
    Role.ARS_DIRECTOR: "web/home/agency.html",
    Role.NATIONAL_AGENT: "web/home/agency.html",
    Role.RESEARCHER: "web/home/researcher.html",
    Role.ADMIN: "web/home/agency.html",
}
RECENT = 10
SOON_DAYS = 90
#: Contracts whose recorded facts can bring a deadline within SOON_DAYS, evaluated at most.
DEADLINE_CANDIDATES = 200
#: Deadlines of every contract in studies or practice, not listed for the whole scope.
NOT_LISTED = frozenset({"ars_followup", "engagement_completion"})
#: Zonings whose impacts are listed: in force since, or coming into force within, this.
ZONING_DAYS = SOON_DAYS
#: Zoning versions assessed at most on one home page.
ZONING_VERSIONS = 5


def acting_side(user) -> str | None:
    """The deadline actor (``cesp.rules.deadlines.ACTORS``) an agent acts as, if any."""
    if is_national(user):
        return "gestionnaire_national"
    if user.role in ARS_ROLES:
        return "ars"
    return None


def _student(user) -> dict:
    contracts = (
        Contract.objects.visible_to(user)
        .select_related("ufr")
        .with_facts()
        .order_by("-signature_date")
    )
    today = timezone.localdate()
    rows = []
    for row in figures.rows(contracts, today):
        deadlines = figures.deadline_items(row.contract, today)
        rows.append(
            {
                "contract": row.contract,
                "result": row.result,
                "error": row.error,
                "status": status_label(row.status),
                "remaining": row.remaining,
                "allocation_period": figures.allocation_period(row.result) if row.result else None,
                "deadline": deadlines[0] if deadlines else None,
                "allocation_end": next(
                    (d for d in deadlines if d["kind"] == "allocation_end"), None
                ),
            }
        )
    return {
        "rows": rows,
        "zoning_notices": zoning_notices(user, [row["contract"] for row in rows], today),
    }


def _scope_title(user) -> str:
    """The scope in words, from the same helpers as ``permissions.contract_scope``."""
    if is_national(user):
        return "Tous les contrats"
    if region := ars_region(user):
        return f"Signataires suivis en {region_name(region) or region}"
    if ufr_of(user):
        return f"Étudiants de {user.organisation.name}"
    return "Aucun contrat dans votre périmètre"


def _deadlines_soon(contracts, today, actor: str | None) -> list[dict]:
    """Regulatory deadlines (cesp.rules.deadlines) within SOON_DAYS for the contracts
    whose facts can bring one (``figures.deadline_candidates``). Only those contracts are
    evaluated, so the home page stays cheap. Only the deadlines where ``actor`` acts are
    kept."""
    if actor is None:
        return []
    horizon = today + timedelta(days=SOON_DAYS)
    candidates = figures.deadline_candidates(contracts, today, horizon, DEADLINE_CANDIDATES)
    if not candidates:
        return []
    found = []
    for contract in Contract.objects.filter(pk__in=candidates).with_facts(rules_only=True):
        for deadline in figures.deadline_items(contract, today):
            if (
                deadline["date"] <= horizon
                and deadline["kind"] not in NOT_LISTED
                and deadline["actor_code"] == actor
            ):
                found.append({"contract": contract, **deadline})
    found.sort(key=lambda item: (item["date"], item["contract"].reference))
    return found[:RECENT]


def _pending_choices(user) -> list[dict]:
    """Place choices awaiting a decision on places of the regions the user manages (the
    ARS director decides between signatories competing for one liberal place)."""
    regions = territory_permissions.managed_regions(user)
    if regions is not None and not regions:
        return []
    choices = PlaceChoice.objects.filter(
        decision=PlaceDecision.PENDING, place__withdrawn_on__isnull=True
    ).select_related("place", "contract__signatory")
    if regions is not None:
        choices = choices.filter(place__region__in=regions)
    rows = []
    competing: dict[int, set[int]] = {}
    for choice in choices.order_by("chosen_on", "id")[:RECENT]:
        place = choice.place
        if place.pk not in competing:
            competing[place.pk] = {c.pk for c in competing_choices(place)}
        rows.append(
            {
                "choice": choice,
                "place": place,
                "competing": choice.pk in competing[place.pk],
                "can_decide": territory_permissions.can_decide_choice(user, choice),
                "contract_visible": choice.contract.abilities(user)["view"],
            }
        )
    return rows


def _zoning_impacts(user, contracts, today) -> list[dict]:
    """Contracts in the user's scope whose project commune or place changes status with
    a zoning of their regions in force since, or coming into force within, ZONING_DAYS
    (``territories.impact.assess``, the same assessment as the notifications)."""
    regions = territory_permissions.managed_regions(user)
    if regions is not None and not regions:
        return []
    versions = ZoningVersion.objects.filter(
        valid_from__gte=today - timedelta(days=ZONING_DAYS),
        valid_from__lte=today + timedelta(days=ZONING_DAYS),
    )
    if regions is not None:
        versions = versions.filter(region__in=regions)
    rows = []
    for version in versions.order_by("-valid_from", "-id")[:ZONING_VERSIONS]:
        impacts = zoning_impact.assess(version)
        visible = set(
            contracts.filter(pk__in={i.contract_id for i in impacts}).values_list("pk", flat=True)
        )
        rows += [
            {"version": version, "impact": item} for item in impacts if item.contract_id in visible
        ]
    return rows[:RECENT]


def _agency(user) -> dict:
    today = timezone.localdate()
    contracts = Contract.objects.visible_to(user)
    by_profession = [
        {"label": label, "n": n}
        for label, n in (
            (PROFESSIONS.get(p, p), n)
            for p, n in contracts.values_list("profession")
            .annotate(n=Count("id"))
            .order_by("profession")
        )
    ]
    return {
        "scope_title": _scope_title(user),
        "contract_count": contracts.count(),
        "this_campaign": contracts.filter(campaign_year=today.year).count(),
        "by_profession": by_profession,
        "recent_events": services.recent_events(contracts, RECENT),
        "ending_soon": services.periods_ending(
            contracts, today, today + timedelta(days=SOON_DAYS), RECENT
        ),
        "deadlines_soon": _deadlines_soon(_own(user, contracts), today, acting_side(user)),
        "acts_on_deadlines": acting_side(user) is not None,
        "manages_places": territory_permissions.managed_regions(user) != set(),
        "pending_choices": _pending_choices(user),
        "zoning_impacts": _zoning_impacts(user, contracts, today),
        "zoning_days": ZONING_DAYS,
        "recent_breaches": services.recent_breaches(contracts, RECENT),
        "soon_days": SOON_DAYS,
        "followup": _followup(user, today),
    }


def _own(user, contracts):
    """An ARS referent with named signatories acts on theirs: their deadlines, not the
    region's (the others' are on their own referent's home)."""
    if followup_permissions.is_ars(user):
        mine = followup_permissions.narrow_to_mine(user, contracts)
        if mine.exists():
            return mine
    return contracts


def _followup(user, today) -> dict | None:
    """An ARS agent's own signatories (named referent): overdue and coming exchanges."""
    if not followup_permissions.is_ars(user):
        return None
    load = followup_summary.workload(user, today)
    horizon = today + timedelta(days=SOON_DAYS)
    return {
        "count": len(load.rows),
        "overdue": load.overdue[:RECENT],
        "overdue_count": len(load.overdue),
        "soon": [row for row in load.upcoming if row.next.due <= horizon][:RECENT],
    }


def home_context(user) -> tuple[str, dict]:
    """The template and context of a signed-in user's home page."""
    role = getattr(user, "role", "")
    template = TEMPLATE_BY_ROLE.get(role, "web/home/researcher.html")
    if user.is_superuser:
        template = "web/home/agency.html"
    context = {"can": user_abilities(user)}  # every link shown is one the user may open
    if template == "web/home/student.html":
        context.update(_student(user))
    elif template == "web/home/agency.html":
        context.update(_agency(user))
    return template, context
