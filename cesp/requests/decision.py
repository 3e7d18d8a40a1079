"""The decision on a request: a kernel document (archived PDF with its SHA-256) stating
the outcome, its reasons, the texts, the opinions received and the appeal routes
(code de justice administrative, art. R421-1: 2 months; art. R421-5: stated here)."""

from __future__ import annotations

from datetime import date

from cesp.core import geography
from cesp.core.documents import kinds
from cesp.core.documents.models import Document
from cesp.core.documents.services import Fact, render_document
from cesp.rules import requests as rules
from cesp.rules import vocabulary

from . import checks, circuits, permissions
from .enums import Body, Kind
from .models import Request

DECISION = kinds.register(
    "request_decision",
    "Décision sur une demande de signataire",
    can_view=permissions.can_view_decision,
)

#: The text each kind rests on, cited in the decision.
BASIS = {
    Kind.STUDIES_SUSPENSION: rules.ART3,
    Kind.THIRD_CYCLE_SUSPENSION: rules.ART3_2C,
    Kind.DEFERRAL: rules.R632_74,
    Kind.PRACTICE_SUSPENSION: rules.ART3,
    Kind.CHANGE_OF_PLACE: rules.DECRET_ART8,
    Kind.SIXTH_YEAR_WISH: rules.FAQ_OCCITANIE,
}
AUTHORITY = {
    Body.MANAGER: "Le gestionnaire national du CESP (Agence de services et de paiement)",
    Body.ARS: "Le directeur général de l'agence régionale de santé",
}


def what_was_asked(request: Request) -> str:
    """One French sentence describing the request."""
    if request.kind == Kind.THIRD_CYCLE_SUSPENSION:
        facts = checks.facts_of(request.contract)
        start = facts.internship_start or request.internship_start
        effect = rules.third_cycle_suspension(start, request.filed_on, facts.category).effect
        text = f"demandée le {request.filed_on:%d/%m/%Y}"
        return text + (f", prenant effet le {effect:%d/%m/%Y}" if effect else "")
    if request.kind == Kind.CHANGE_OF_PLACE:
        found = geography.commune(request.commune_code)
        name = f"{found.name} ({found.code})" if found else request.commune_code
        return f"vers {name} à compter du {request.start:%d/%m/%Y}"
    if request.kind == Kind.SIXTH_YEAR_WISH:
        return (
            f"spécialité {vocabulary.WISH_SPECIALTIES.get(request.specialty, request.specialty)}, "
            "subdivision de la région "
            f"{geography.region_name(request.region_to) or request.region_to}"
        )
    if request.start and request.end:
        return f"du {request.start:%d/%m/%Y} au {request.end:%d/%m/%Y}"
    return ""


def archive_decision(request: Request, user, granted: bool, reasons: str, on: date) -> Document:
    authority = AUTHORITY[circuits.decider_of(request)]
    outcome = "accordée" if granted else "refusée"
    if request.kind == Kind.SIXTH_YEAR_WISH:
        outcome = "enregistré" if granted else "non enregistré"
    lines = [
        f"Contrat {request.contract.reference} — signataire : {request.contract.signatory_name}",
        f"Demande : {request.get_kind_display()} {what_was_asked(request)}".strip(),
        f"Déposée le {request.filed_on:%d/%m/%Y}.",
    ]
    opinions = [
        f"{o.get_body_display()} : avis {'favorable' if o.favourable else 'défavorable'} "
        f"du {o.given_on:%d/%m/%Y} — {o.reasons}"
        for o in request.opinions.all()
    ]
    appeal_until = rules.appeal_deadline(on)
    return render_document(
        DECISION.code,
        "requests/decision_pdf.html",
        {
            "authority": authority,
            "outcome": outcome,
            "lines": lines,
            "opinions": opinions,
            "reasons": reasons,
            "basis": BASIS.get(request.kind, ""),
            "decided_on": on,
            "appeal_until": appeal_until,
            "appeal_text": rules.CJA,
        },
        subject=request,
        facts=[Fact.of("Demande", [request]), Fact.of("Contrat", [request.contract])],
        user=user,
        title=f"Décision — {request.get_kind_display()} ({outcome})",
        filename=f"decision-{request.contract.reference}-{request.pk}",
    )
