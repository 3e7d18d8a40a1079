"""Pages: the mailbox (stored copies of the messages) and the user's preferences."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from . import permissions, services
from .enums import Status

PAGE = 100


def mailbox(request: HttpRequest) -> HttpResponse:
    whole = permissions.can_read_whole_mailbox(request.user)
    items = permissions.visible_messages(request.user).select_related("recipient")
    status = request.GET.get("etat", "")
    if status in Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "notifications/mailbox.html",
        {
            "items": items[:PAGE],
            "total": items.count(),
            "whole": whole,
            "statuses": Status.choices,
            "status": status,
        },
    )


def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    item = get_object_or_404(
        permissions.visible_messages(request.user).select_related("recipient"), pk=message_id
    )
    return render(request, "notifications/message.html", {"item": item})


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    kinds = services.kinds_for(request.user)
    if request.method == "POST":
        off = {k.code for k in kinds if not k.mandatory and not request.POST.get(f"kind-{k.code}")}
        # An explicit opt_out (a crafted request) naming a mandatory kind is refused.
        off |= set(request.POST.getlist("opt_out")) & {kind.code for kind in kinds}
        try:
            services.set_opt_outs(request.user, off)
        except ValidationError as exc:
            flash.error(request, exc.messages[0])
        else:
            flash.success(request, "Vos préférences de notification sont enregistrées.")
            return redirect("notifications:preferences")
    off = services.opted_out(request.user)
    rows = [{"kind": kind, "on": kind.mandatory or kind.code not in off} for kind in kinds]
    return render(request, "notifications/preferences.html", {"rows": rows})
