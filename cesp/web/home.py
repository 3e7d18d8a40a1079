"""The home page of each role: "ce qui demande mon attention".

Lists of facts (recent events, periods ending soon, counts) come from queries on the
user's scope (``permissions.visible_contracts``); figures come from the rules engine.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from cesp.accounts.enums import Role
from cesp.contracts import permissions
from cesp.contracts.enums import EventType
from cesp.contracts.exports import rows_for
from cesp.contracts.forms import STATUS_LABELS
from cesp.contracts.models import ContractEvent
from cesp.contracts.views import next_deadline
from cesp.territories.reference import region_name

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


def _student(user) -> dict:
    contracts = (
        permissions.visible_contracts(user)
        .select_related("ufr")
        .prefetch_related("events", "payments")
        .order_by("-signature_date")
    )
    rows = rows_for(contracts, timezone.localdate())
    return {
        "rows": [
            {
                "contract": row.contract,
                "result": row.result,
                "error": row.error,
                "status": STATUS_LABELS.get(row.status, row.status),
                "deadline": next_deadline(row.contract),
            }
            for row in rows
        ]
    }


def _scope_title(user) -> str:
    if user.role in {Role.ARS_REFERENT, Role.ARS_DIRECTOR} and user.organisation_id:
        region = user.organisation.region_code
        return f"Signataires suivis en {region_name(region) or region}"
    if user.role in {Role.UFR_AGENT, Role.COMMISSION_MEMBER} and user.organisation_id:
        return f"Étudiants de {user.organisation.name}"
    return "Tous les contrats"


def _agency(user) -> dict:
    today = timezone.localdate()
    contracts = permissions.visible_contracts(user)
    events = ContractEvent.objects.filter(contract__in=contracts).select_related(
        "contract", "author"
    )
    ending = events.filter(end__gte=today, end__lte=today + timedelta(days=SOON_DAYS)).order_by(
        "end"
    )[:RECENT]
    breaches = events.filter(type=EventType.BREACH).order_by("-date", "-id")[:RECENT]
    by_profession = [
        {"label": label, "n": n}
        for label, n in (
            (dict(_profession_labels()).get(p, p), n)
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
        "recent_events": events.order_by("-recorded_at", "-id")[:RECENT],
        "ending_soon": ending,
        "recent_breaches": breaches,
        "soon_days": SOON_DAYS,
        "is_admin": user.role == Role.ADMIN or user.is_superuser,
        "can_export": permissions.can_export(user),
    }


def _profession_labels():
    from cesp.contracts.enums import Profession

    return Profession.choices


def home_context(user) -> tuple[str, dict]:
    """The template and context of a signed-in user's home page."""
    role = getattr(user, "role", "")
    template = TEMPLATE_BY_ROLE.get(role, "web/home/researcher.html")
    if user.is_superuser:
        template = "web/home/agency.html"
    if template == "web/home/student.html":
        return template, _student(user)
    if template == "web/home/agency.html":
        return template, _agency(user)
    return template, {}
