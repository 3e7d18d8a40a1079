"""Template tags of the shared layout: the menu of the current user."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.dateformat import format as date_format

from cesp.core.geography import commune
from cesp.rules.explain import text_value
from cesp.rules.vocabulary import regime_label
from cesp.web.navigation import menu_for

register = template.Library()


@register.inclusion_tag("web/includes/nav.html", takes_context=True)
def cesp_nav(context: template.Context) -> dict:
    """The main menu of the current user, the current page marked for screen readers."""
    request = context["request"]
    path = request.path
    items = []
    for item in menu_for(request.user):
        current = path == item.path if item.path == "/" else path.startswith(item.path)
        items.append({"label": item.label, "path": item.path, "current": current})
    return {"items": items}


@register.filter
def role_label(user: object) -> str:
    """The French label of a user's role ("" for anonymous users)."""
    getter = getattr(user, "get_role_display", None)
    return getter() if getter else ""


@register.filter
def euros(value: object) -> str:
    """An engine amount ("62966.54") for a French reader: « 62 966,54 € »."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{text_value(amount.quantize(Decimal('0.01')))} €"


@register.filter
def regime(code: object) -> str:
    """« régime de 2020 (décret 2020-268) » for the engine's ``post2020``."""
    return regime_label(str(code)) if code else "—"


@register.filter
def fr_date(value: object) -> str:
    """An ISO date from the engine ("2025-10-01") as « 1 octobre 2025 »."""
    if value in (None, ""):
        return "—"
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return date_format(value, "j F Y")


#: French labels of audit actions (unknown actions are shown as recorded).
AUDIT_ACTIONS = {
    "contract.create": "Contrat créé",
    "contract.update": "Contrat modifié",
    "contract_event.create": "Événement enregistré",
    "contract.import": "Contrat importé",
}


@register.filter
def audit_action(action: str) -> str:
    return AUDIT_ACTIONS.get(action, action)


@register.filter
def audit_items(snapshot: object) -> list[tuple[str, str]]:
    """A before/after snapshot of the audit log as (field, value) pairs, empty ones out."""
    if not isinstance(snapshot, dict):
        return [] if snapshot in (None, "") else [("", str(snapshot))]
    return [(str(k), str(v)) for k, v in snapshot.items() if v not in (None, "", {}, [])]


@register.filter
def commune_label(code: str) -> str:
    """« Dijon (21231) » from an INSEE code, the code alone when unknown."""
    found = commune(code) if code else None
    return f"{found.name} ({code})" if found else str(code)
