"""Which regulation governs a contract: pre2020 (2009–2019 texts) or post2020 (décret 2020-268).

Décret n° 2020-268 du 17 mars 2020 applies to contracts concluded from its entry into
force, 20 March 2020; earlier contracts stay under the texts that applied to them. The
ministry FAQ splits at 1 January 2020: contracts signed 2020-01-01..2020-03-19 are
flagged for review (choice Q13). An explicit ``regime`` wins. Markers ``post2025``
(décret 2025-270: the autorité administrative replaces the CNG) and ``post2026``
(décret 2026-4: pharmacy and midwifery) are added where the signature date reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cesp.rules import params
from cesp.rules.errors import SituationError
from cesp.rules.explain import NO_STEP, Figure, Rejected, Step, choice_link, explaining
from cesp.rules.situation import Situation
from cesp.rules.vocabulary import PROFESSIONS

PRE2020 = "pre2020"
POST2020 = "post2020"

POST2020_ONLY_PROFESSIONS = {"pharmacie", "maieutique", "padhue_medecine", "padhue_odontologie"}


@dataclass(frozen=True, slots=True)
class RegimeResult:
    regime: str
    markers: tuple[str, ...]
    review: bool


def determine_regime(situation: Situation) -> Figure[RegimeResult]:
    """The regime of the contract, with the review flag and the 2025/2026 markers."""
    signature = situation.signature_date
    boundary = params.value("regime.post2020_start", signature)
    review_start = params.value("regime.review_window_start", signature)
    in_review_window = review_start.value <= signature < boundary.value
    if not explaining():
        return Figure(_quick_regime(situation, boundary.value, in_review_window), NO_STEP)
    rejected: tuple[Rejected, ...] = ()
    choice = ""
    if situation.regime != "auto":
        regime = situation.regime
        branch = f"régime indiqué explicitement : {regime}"
        rule = (
            "Le régime enregistré sur le contrat prime sur la déduction par la date de signature."
        )
    else:
        regime = PRE2020 if signature < boundary.value else POST2020
        if regime == PRE2020:
            branch = f"signé le {signature:%d/%m/%Y}, avant le {boundary.value:%d/%m/%Y}"
            rejected = (Rejected("post2020", "signature antérieure à l'entrée en vigueur"),)
        else:
            branch = f"signé le {signature:%d/%m/%Y}, à partir du {boundary.value:%d/%m/%Y}"
            rejected = (Rejected("pre2020", "signature postérieure à l'entrée en vigueur"),)
        rule = (
            "Le décret n° 2020-268 s'applique aux contrats conclus à compter de son entrée "
            "en vigueur (20 mars 2020) ; les contrats antérieurs restent régis par les textes "
            "qui leur étaient applicables."
        )
        choice = (
            "Frontière du 20 mars 2020 retenue plutôt que le 1er janvier 2020 de la FAQ "
            f"({choice_link('Q13')})"
        )
    _check_eligibility(situation, regime)
    markers = []
    post2025 = params.value("regime.post2025_start", signature)
    post2026 = params.value("regime.post2026_start", signature)
    if regime == POST2020 and signature >= post2025.value:
        markers.append("post2025")
    if regime == POST2020 and signature >= post2026.value:
        markers.append("post2026")
    review = situation.regime == "auto" and in_review_window
    if review:
        branch += (
            " — signé entre le 1er janvier et le 19 mars 2020 : régime à vérifier "
            "manuellement (la FAQ du ministère retient le 1er janvier 2020)"
        )
    step = Step(
        figure="regime",
        value=regime,
        rule=rule,
        branch=branch,
        rejected=rejected,
        parameters=(
            (boundary, review_start, params.value("regime.cesp_start", signature))
            if situation.regime == "auto"
            else (params.value("regime.cesp_start", signature),)
        ),
        sources=("Décret n° 2020-268 du 17 mars 2020",),
        choice=choice,
    )
    return Figure(RegimeResult(regime, tuple(markers), review), step)


def _quick_regime(situation: Situation, boundary, in_review_window: bool) -> RegimeResult:
    """The same decision as ``determine_regime``, without the explanation."""
    signature = situation.signature_date
    regime = situation.regime
    if regime == "auto":
        regime = PRE2020 if signature < boundary else POST2020
    _check_eligibility(situation, regime)
    markers = []
    if regime == POST2020:
        if signature >= params.value("regime.post2025_start", signature).value:
            markers.append("post2025")
        if signature >= params.value("regime.post2026_start", signature).value:
            markers.append("post2026")
    return RegimeResult(regime, tuple(markers), situation.regime == "auto" and in_review_window)


def _check_eligibility(situation: Situation, regime: str) -> None:
    """Contracts that cannot exist: the engine knows when each public was eligible.

    PADHUE (2020), pharmacy and midwifery (2026) exist only under the 2020 regime
    (Code de l'éducation, art. R631-24 I ; décret n° 2026-4); pharmacy and midwifery
    students could apply only from the 2026 opening; the 2020 regime opened the first
    cycle only from the 2026 amendment (R631-24 I 1°).
    """
    profession = situation.profession
    signature = situation.signature_date
    if regime == PRE2020 and profession in POST2020_ONLY_PROFESSIONS:
        raise SituationError(
            "regime",
            regime,
            "Code de l'éducation, art. R631-24 I (2020) ; décret n° 2026-4",
            f"la profession « {PROFESSIONS.get(profession, profession)} » "
            "n'ouvre droit au CESP que sous le régime de 2020 (PADHUE depuis 2020, "
            "pharmacie et maïeutique depuis 2026)",
        )
    if profession in {"pharmacie", "maieutique"}:
        opening = params.value("eligibility.pharmacie_maieutique_open", signature)
        if opening.value != "oui":
            raise SituationError(
                "signature_date",
                signature.isoformat(),
                opening.citation(),
                "le CESP n'est ouvert aux étudiants en pharmacie et en maïeutique que depuis "
                f"le {_opening_day('eligibility.pharmacie_maieutique_open'):%d/%m/%Y} : un "
                "contrat signé avant cette date ne peut exister",
            )
    if regime == POST2020 and situation.category == "first_cycle":
        boundary = params.value("regime.post2020_start", signature).value
        on = max(signature, boundary)
        opening = params.value("eligibility.first_cycle_open", on)
        if opening.value != "oui":
            raise SituationError(
                "category",
                situation.category,
                opening.citation(),
                "le régime de 2020 n'ouvre le CESP au premier cycle qu'à partir du "
                f"{_opening_day('eligibility.first_cycle_open'):%d/%m/%Y} (décret n° 2026-4) : "
                f"un contrat du premier cycle signé le {signature:%d/%m/%Y} sous ce régime "
                "ne peut exister",
            )


def _opening_day(name: str) -> date:
    """The last date from which the parameter says « oui »."""
    values = params.all_parameters()[name].values
    return next(v.start for v in reversed(values) if v.value == "oui")
