"""The rules' verdict on a request, from its fields and its contract's recorded facts.

The facts come through ``contracts.figures`` only (the situation, milestones, place);
the bounds and deadlines are the pure functions of ``cesp.rules.requests``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cesp.contracts import figures
from cesp.core import geography
from cesp.rules import requests as rules
from cesp.rules.appeals import add_months
from cesp.territories import services as zoning

from .enums import Kind, ProofKind


@dataclass(frozen=True)
class ContractFacts:
    category: str
    followup_region: str
    thesis_date: date | None
    internship_start: date | None
    practice_start: date | None
    place_commune: str


def facts_of(contract) -> ContractFacts:
    events = figures.situation_for(contract)["events"]
    internships = [e["date"] for e in events if e["type"] == "internship_start"]
    practices = [e["from"] for e in events if e["type"] == "practice"]
    place = figures.current_place(contract)
    return ContractFacts(
        category=contract.category,
        followup_region=contract.followup_region or "",
        thesis_date=figures.milestones(contract).thesis_date,
        internship_start=min(internships) if internships else None,
        practice_start=min(practices) if practices else None,
        place_commune=place.commune_code if place else "",
    )


def region_of(commune_code: str) -> str:
    found = geography.commune(commune_code) if commune_code else None
    return found.region if found is not None else ""


def _change_of_place(request, on: date) -> rules.Verdict:
    circuit = rules.change_of_place(request.region_from, request.region_to)
    reasons = []
    if not request.commune_code or geography.commune(request.commune_code) is None:
        reasons.append("Indiquez la commune du nouveau lieu d'exercice.")
    if request.start is None:
        reasons.append("Indiquez la date du changement souhaité.")
    if not reasons:
        reasons += _zone_reasons(request.commune_code, request.start, request.contract.profession)
    return rules.Verdict(not reasons, tuple(reasons), circuit.bounds, (rules.DECRET_ART8,))


def verdict(request, facts: ContractFacts, on: date, agreement: bool = False) -> rules.Verdict:
    """May ``request`` be filed on ``on``? (``agreement``: the other ARS's written
    agreement is joined, for a sixth-year wish)."""
    kind = request.kind
    if kind == Kind.STUDIES_SUSPENSION:
        return rules.studies_suspension(request.start, request.end, on)
    if kind == Kind.THIRD_CYCLE_SUSPENSION:
        start = facts.internship_start or request.internship_start
        return rules.third_cycle_suspension(start, request.filed_on or on, facts.category)
    if kind == Kind.DEFERRAL:
        return rules.deferral(
            request.start, request.end, facts.thesis_date, on, facts.practice_start
        )
    if kind == Kind.PRACTICE_SUSPENSION:
        return rules.practice_suspension(request.start, request.end, facts.practice_start, on)
    if kind == Kind.CHANGE_OF_PLACE:
        return _change_of_place(request, on)
    if kind == Kind.SIXTH_YEAR_WISH:
        return rules.sixth_year_wish(
            request.filed_on or on,
            request.specialty,
            request.region_to,
            request.region_from,
            agreement,
        )
    return rules.Verdict(False, ("Nature de demande inconnue.",), "", ())


def has_agreement(request) -> bool:
    return request.proofs.filter(kind=ProofKind.AGREEMENT).exists()


def proof_reasons(request) -> list[str]:
    """Proofs the texts require: « avec les justificatifs » (art. 3) for suspensions; the
    written agreement of the other ARS for a wish that needs it; none otherwise."""
    reasons = []
    supporting = request.proofs.exclude(kind=ProofKind.AGREEMENT).exists()
    if request.kind in (Kind.STUDIES_SUSPENSION, Kind.DEFERRAL) and not supporting:
        reasons.append(
            "Joignez au moins un justificatif (congé, accident, disponibilité, projet) : la "
            "demande est adressée « avec les justificatifs » (arrêté du 27 juillet 2010, art. 3)."
        )
    return reasons


def standing_reasons(contract, kind: str, on: date) -> list[str]:
    """What already refuses this kind on the contract's recorded facts, whatever the
    form says (shown before filing): a third-cycle window already over, no diploma for
    a deferral, no practice for a practice suspension, a wish outside April–May."""
    facts = facts_of(contract)
    if kind == Kind.THIRD_CYCLE_SUSPENSION:
        found = rules.third_cycle_suspension(facts.internship_start, on, facts.category)
        return [r for r in found.reasons if not r.startswith("Indiquez")]
    if kind == Kind.DEFERRAL:
        return list(rules.deferral(on, on, facts.thesis_date, on, facts.practice_start).reasons)
    if kind == Kind.PRACTICE_SUSPENSION:
        end = add_months(on, 1)
        return list(rules.practice_suspension(on, end, facts.practice_start, on).reasons)
    if kind == Kind.SIXTH_YEAR_WISH:
        home = facts.followup_region
        return list(rules.sixth_year_wish(on, rules.GENERAL_MEDICINE, home, home, True).reasons)
    return []


def _zone_reasons(commune_code: str, day: date, profession: str) -> list[str]:
    """The new place must be in a zone eligible for the CESP in the zoning in force on the
    day of the change (code de l'éducation, L632-6; décret 2010-735, art. 8). Without a
    stored zoning for that region and day, the DG ARS checks it (no refusal here)."""
    found = zoning.lookup(commune_code, day, profession)
    if found.cesp_eligible is not False:
        return []
    why = found.explanation[0] if found.explanation else ""
    return [
        f"{found.commune_name} n'est pas en zone éligible au CESP le {day:%d/%m/%Y}"
        + (f" ({why})" if why else "")
        + " : le nouveau lieu doit être dans une zone d'intervention prioritaire ou "
        f"d'action complémentaire (code de l'éducation, art. L632-6 ; {rules.DECRET_ART8})."
    ]
