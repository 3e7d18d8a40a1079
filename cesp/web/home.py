"""The home page of each role: "ce qui demande mon attention".

Lists of facts (recent events, periods ending soon, counts) come from
``contracts.services`` on the user's scope (``Contract.objects.visible_to``); figures
come from the rules engine through ``contracts.figures``.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.contracts import figures, services
from cesp.contracts.models import Contract
from cesp.core.geography import region_name
from cesp.rules.vocabulary import PROFESSIONS, status_label

from .navigation import user_abilities

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
                "deadline": deadlines[0] if deadlines else None,
                "allocation_end": next(
                    (d for d in deadlines if d["kind"] == "allocation_end"), None
                ),
            }
        )
    return {"rows": rows}


def _scope_title(user) -> str:
    if user.role in {Role.ARS_REFERENT, Role.ARS_DIRECTOR} and user.organisation_id:
        region = user.organisation.region_code
        return f"Signataires suivis en {region_name(region) or region}"
    if user.role in {Role.UFR_AGENT, Role.COMMISSION_MEMBER} and user.organisation_id:
        return f"Étudiants de {user.organisation.name}"
    return "Tous les contrats"


def _deadlines_soon(contracts, today) -> list[dict]:
    """Regulatory deadlines (cesp.rules.deadlines) within SOON_DAYS for the contracts
    whose facts can bring one (``figures.deadline_candidates``). Only those contracts are
    evaluated, so the home page stays cheap."""
    horizon = today + timedelta(days=SOON_DAYS)
    candidates = figures.deadline_candidates(contracts, today, horizon, DEADLINE_CANDIDATES)
    if not candidates:
        return []
    found = []
    for contract in Contract.objects.filter(pk__in=candidates).with_facts(rules_only=True):
        for deadline in figures.deadline_items(contract, today):
            if deadline["date"] <= horizon and deadline["kind"] not in NOT_LISTED:
                found.append({"contract": contract, **deadline})
    found.sort(key=lambda item: (item["date"], item["contract"].reference))
    return found[:RECENT]


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
        "deadlines_soon": _deadlines_soon(contracts, today),
        "recent_breaches": services.recent_breaches(contracts, RECENT),
        "soon_days": SOON_DAYS,
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
