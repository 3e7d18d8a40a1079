"""Who may see and act on a request: pure predicates, ``abilities`` and ``visible_to``.

The signatory sees and files their own requests; a UFR agent sees the deferrals of
their UFR's signatories (they give the director's opinion); an ARS agent sees the
requests of their region (follow-up or arrival region); the national manager sees all.
Anything out of scope answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cesp.accounts.enums import Role
from cesp.accounts.permissions import ars_region, is_active_user, is_national, ufr_of
from cesp.contracts.models import Contract

from . import circuits
from .enums import Body, Kind, State
from .models import Request


def is_signatory(user, request: Request) -> bool:
    return is_active_user(user) and request.contract.signatory_id == user.pk


def can_file(user, contract) -> bool:
    """A signatory files requests on their own contract."""
    return is_active_user(user) and user.role == Role.STUDENT and contract.signatory_id == user.pk


def acts_as(user, request: Request, body: str) -> bool:
    """Does ``user`` speak for ``body`` on this request?"""
    if not is_active_user(user):
        return False
    if body == Body.MANAGER:
        return is_national(user)
    if body == Body.UFR:
        return user.role == Role.UFR_AGENT and ufr_of(user) == request.contract.ufr_id
    if body == Body.ARS and request.kind == Kind.SIXTH_YEAR_WISH:
        # the ARS of attachment collects the wish (referent or director)
        return bool(ars_region(user)) and ars_region(user) == request.region_from
    directors = user.role == Role.ARS_DIRECTOR
    if body in (Body.ARS, Body.ARS_ORIGIN):
        return directors and ars_region(user) == request.region_from
    if body == Body.ARS_DESTINATION:
        return directors and ars_region(user) == request.region_to
    return False


def may_give_opinion(user, request: Request) -> bool:
    return request.state == State.AWAITING_OPINION and any(
        acts_as(user, request, body) for body in circuits.missing_opinions(request)
    )


def opinion_body(user, request: Request) -> str:
    """The body ``user`` gives an opinion for ('' if none is still awaited from them)."""
    for body in circuits.missing_opinions(request):
        if acts_as(user, request, body):
            return body
    return ""


def may_decide(user, request: Request) -> bool:
    return acts_as(user, request, circuits.decider_of(request))


def may_withdraw(user, request: Request) -> bool:
    return is_signatory(user, request)


def can_view_request(user, request: Request) -> bool:
    return visible_to(user).filter(pk=request.pk).exists()


def visible_to(user) -> QuerySet[Request]:
    """The requests ``user`` may open (drafts never: they are not filed)."""
    filed = Request.objects.exclude(state=State.DRAFT)
    if not is_active_user(user):
        return filed.none()
    if is_national(user):
        return filed
    if user.role == Role.STUDENT:
        return filed.filter(contract__signatory_id=user.pk)
    if user.role == Role.UFR_AGENT and (ufr := ufr_of(user)):
        return filed.filter(contract__ufr_id=ufr, kind=Kind.DEFERRAL)
    if region := ars_region(user):
        return filed.filter(Q(region_from=region) | Q(region_to=region))
    return filed.none()


def abilities(user, request: Request) -> dict[str, bool]:
    """What ``user`` may do on ``request`` (all False out of scope)."""
    if not can_view_request(user, request):
        return dict.fromkeys(("view", "opinion", "decide", "withdraw", "download"), False)
    return {
        "view": True,
        "opinion": may_give_opinion(user, request),
        "decide": request.state == State.TO_DECIDE and may_decide(user, request),
        "withdraw": request.state in (State.AWAITING_OPINION, State.TO_DECIDE)
        and may_withdraw(user, request),
        "download": request.decision_document_id is not None,
    }


def can_view_decision(user, request: Request) -> bool:
    """The decision's document: whoever sees the request (kernel ``kinds.register``)."""
    return isinstance(request, Request) and can_view_request(user, request)


def can_open_requests(user) -> bool:
    """The « Demandes » menu entry: a signatory with a contract, or a body that is
    consulted or decides (UFR agents, ARS, the national manager)."""
    if not is_active_user(user):
        return False
    if user.role == Role.STUDENT:
        return Contract.objects.filter(signatory_id=user.pk).exists()
    return is_national(user) or user.role in (
        Role.UFR_AGENT,
        Role.ARS_DIRECTOR,
        Role.ARS_REFERENT,
    )
