"""Template tags of the shared layout: the menu of the current user."""

from django import template

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
