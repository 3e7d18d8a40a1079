"""The contract offered: a PDF from the regime's model contract (a kernel document).

Fields of the model contract (arrêté du 27 juillet 2010, annexe; workflows-payments.md
§1.4): the parties, the candidate's identity, the UFR, the effect year and date, the
provisional engagement in months, the clauses. The effect date and the months are the
engine's (``contracts.figures``) for a contract signed on the day the PDF is made.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from cesp.contracts import figures
from cesp.contracts.models import Contract
from cesp.core.documents import kinds
from cesp.core.documents.models import Document
from cesp.core.documents.services import Fact, render_document
from cesp.rules import vocabulary

from .enums import SIGNED
from .models import Offer

CONTRACT_KIND = kinds.register(
    "cesp_contract_offer",
    "Contrat d'engagement de service public (offre)",
    can_view=lambda user, offer: Offer.objects.visible_to(user).filter(pk=offer.pk).exists(),
)
#: The CNG's SIRET as printed on the model contract (its annex names the parties).
MANAGER_SIRET = "180 036 048 00028"
MODEL_BASIS = {
    "pre2020": "Contrat conforme au modèle annexé à l'arrêté du 27 juillet 2010 relatif au "
    "contrat d'engagement de service public (articles L632-6 et R631-24 et suivants du "
    "Code de l'éducation).",
    "post2020": "Contrat établi selon le modèle du contrat d'engagement de service public "
    "(décret n° 2020-268 du 17 mars 2020 ; articles L632-6 et R631-24 et suivants du Code "
    "de l'éducation).",
}
CLAUSES = (
    (
        "Allocation",
        "Une allocation mensuelle est versée au signataire, sur le compte bancaire "
        "qu'il désigne, à compter de la date d'effet du contrat.",
    ),
    ("Suspension", "Le versement est suspendu dans les cas prévus par les textes."),
    (
        "Durée",
        "L'engagement d'exercice est égal à la durée de versement de l'allocation, deux "
        "ans au moins ; il est allongé par la prolongation des études ou un report "
        "d'installation et réduit par une suspension.",
    ),
    (
        "Résiliation",
        "Le signataire peut résilier le contrat ; la résiliation prend effet à sa réception.",
    ),
    (
        "Indemnité",
        "La rupture de l'engagement donne lieu au remboursement des sommes perçues "
        "et au paiement d'une pénalité, dans les conditions fixées par arrêté.",
    ),
    ("Litiges", "Les litiges relèvent de la juridiction administrative."),
)


def provisional_figures(offer: Offer, on: date) -> dict[str, Any]:
    """Regime, effect date and engagement months of the contract as if signed on ``on``."""
    candidate = offer.entry
    ranked = candidate.ranked_list
    draft = Contract(
        profession=ranked.profession,
        category=ranked.category,
        campaign_year=ranked.campaign.academic_year,
        signature_date=on,
    )
    result = figures.summary(figures.build_situation(draft, ()), on)
    return {
        "regime": result["regime"],
        "effect_date": date.fromisoformat(result["allocation"]["effective_date"]),
        "engagement_months": result["engagement"]["months_due"],
    }


def context_for(offer: Offer, on: date) -> dict[str, Any]:
    entry = offer.entry
    ranked = entry.ranked_list
    dossier = entry.dossier
    year = ranked.campaign.academic_year
    provisional = provisional_figures(offer, offer.countersigned_on or on)
    return {
        "model_basis": MODEL_BASIS[provisional["regime"]],
        "manager_siret": MANAGER_SIRET,
        "identity": {
            "birth_name": dossier.birth_name,
            "usage_name": dossier.usage_name,
            "first_names": dossier.first_names,
            "birth_date": dossier.birth_date,
            "birth_place": dossier.birth_place,
            "nationality": dossier.nationality,
            "address": dossier.address,
        },
        "category": vocabulary.CATEGORIES[ranked.category],
        "profession": vocabulary.PROFESSIONS[ranked.profession],
        "ufr": ranked.campaign.ufr.name,
        "effect_year": f"{year}-{year + 1}",
        "effect_date": provisional["effect_date"],
        "engagement_months": provisional["engagement_months"],
        "clauses": [{"title": t, "text": x} for t, x in CLAUSES],
        "dispatched": offer.dispatched_on,
        "deadline": offer.deadline,
        "answered": offer.answered_on if offer.state in SIGNED else None,
        "answer_proof": offer.get_answer_proof_display() if offer.answer_proof else "",
        "countersigned": offer.countersigned_on,
        "contract_reference": offer.contract.reference if offer.contract_id else "",
    }


def latest(offer: Offer) -> Document | None:
    return Document.objects.about(offer).filter(kind=CONTRACT_KIND.code).first()


def render_contract(offer: Offer, user: Any, on: date) -> Document:
    """Archive the contract as it stands (offered, or countersigned)."""
    countersigned = offer.state == "countersigned"
    title = (
        "Contrat d'engagement de service public contresigné"
        if countersigned
        else "Contrat d'engagement de service public à signer"
    )
    return render_document(
        CONTRACT_KIND.code,
        "offers/contract_pdf.html",
        context_for(offer, on),
        subject=offer,
        facts=[
            Fact.of("Offre", [offer]),
            Fact("Rang sur les listes", "selection.listentry", (offer.entry_id,)),
        ],
        user=user,
        title=title,
        filename=f"contrat-cesp-offre-{offer.pk}{'-contresigne' if countersigned else ''}",
    )


def contract_for(offer: Offer, user: Any, on: date) -> Document:
    """The archived contract of the offer's current stage, generated once."""
    document = latest(offer)
    countersigned = offer.state == "countersigned"
    if document is not None and ("contresign" in document.filename) == countersigned:
        return document
    return render_contract(offer, user, on)
