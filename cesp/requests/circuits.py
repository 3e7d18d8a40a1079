"""Who is consulted and who decides each kind of request (the competent bodies).

- Suspension during studies, third-cycle suspension: the national manager (arrêté du
  27 juillet 2010, art. 3: « au directeur général du CNG », the ASP since 2026).
- Deferral: the DG ARS, on the reasoned opinion of the UFR director (R632-74).
- Practice suspension: the DG ARS of the region of practice (art. 3, last paragraphs).
- Change of place: the DG ARS within a region; across regions the manager, after the
  opinions of both DG ARS (décret 2010-735, art. 8).
- Sixth-year wish: the ARS of attachment records it (FAQ ARS Occitanie 2024).
"""

from __future__ import annotations

from cesp.rules import requests as rules

from .enums import Body, Kind


def opinions_needed(kind: str, region_from: str, region_to: str) -> tuple[str, ...]:
    if kind == Kind.DEFERRAL:
        return (Body.UFR,)
    if kind == Kind.CHANGE_OF_PLACE:
        return tuple(rules.change_of_place(region_from, region_to).opinions)
    return ()


def decider(kind: str, region_from: str, region_to: str) -> str:
    if kind in (Kind.STUDIES_SUSPENSION, Kind.THIRD_CYCLE_SUSPENSION):
        return Body.MANAGER
    if kind == Kind.CHANGE_OF_PLACE:
        circuit = rules.change_of_place(region_from, region_to)
        return Body.MANAGER if circuit.decider == "manager" else Body.ARS
    return Body.ARS


def opinions_of(request) -> tuple[str, ...]:
    return opinions_needed(request.kind, request.region_from, request.region_to)


def decider_of(request) -> str:
    return decider(request.kind, request.region_from, request.region_to)


def missing_opinions(request) -> list[str]:
    given = {opinion.body for opinion in request.opinions.all()}
    return [body for body in opinions_of(request) if body not in given]


def lower_first(text: str) -> str:
    """« Le directeur de l'UFR » → « le directeur de l'UFR » (inside a sentence)."""
    return text[:1].lower() + text[1:]
