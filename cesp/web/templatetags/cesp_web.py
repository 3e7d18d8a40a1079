"""Template tags of the shared layout: the menu of the current user."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.dateformat import format as date_format

from cesp.core.audit import labels as audit_labels
from cesp.core.geography import commune
from cesp.rules.explain import text_value
from cesp.rules.readable import french_number
from cesp.rules.vocabulary import regime_label, specialty_label
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
def rate(value: object) -> str:
    """An engine rate ("0.3718912929") for a French reader: « 0,3719 »; « 1 » stays « 1 »."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return french_number(number)
    return french_number(number, decimals=4)


@register.filter
def specialty(code: object) -> str:
    """« Médecine générale » for ``medecine_generale``."""
    return specialty_label(str(code)) if code else "—"


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


@register.filter
def audit_action(action: str) -> str:
    """The French label of an audit action (cesp.core.audit.labels)."""
    return audit_labels.action_label(action)


@register.filter
def audit_items(snapshot: object, action: str = "") -> audit_labels.Described:
    """A before/after snapshot in French: ``.items`` for all, ``.technical`` for admins."""
    return audit_labels.describe(action, snapshot)


@register.filter
def commune_label(code: str) -> str:
    """« Dijon (21231) » from an INSEE code, the code alone when unknown."""
    found = commune(code) if code else None
    return f"{found.name} ({code})" if found else str(code)
