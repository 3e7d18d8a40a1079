"""The breach procedure's own rules: the 15-day observation period after a formal notice,
who recovers the sums, and what an instalment plan must satisfy (R28, R34).

- Formal notice (*mise en demeure*): before terminating a contract for a change of practice
  place outside the procedure or for unjustified absences, the manager gives the signatory
  **15 days** to present written or oral observations (arrêté du 27 juillet 2010, art. 4).
  The period runs from the proven receipt of the notice; its last day is included; the
  decision may be taken from the next day (docs/breach.md).
- Creditor (*qui recouvre*): under the 2009-2015 wording of L632-6 (PRE2020 contracts) the
  CPAM of the main practice place for practising doctors and dentists (L634-2), the CNG for
  students; for POST2020 contracts the CNG; from 1 January 2026 the autorité administrative
  (the ASP), which takes over the CNG's rights (décret 2025-270 art. 3 II), except the
  litigation filed until 31 December 2025, which stays with the CNG (art. 3 III).
- Instalment plan (*échéancier*): no text sets a grid ("examinées au cas par cas", seeds
  003/004); the plan must add up to the amount due, to the cent, with dated instalments in
  order (docs/breach.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from cesp.rules import params
from cesp.rules.authority import cng_litigation_limit
from cesp.rules.explain import Figure, Rejected, Step
from cesp.rules.money import format_euros_fr
from cesp.rules.regime import PRE2020
from cesp.rules.vocabulary import CREDITOR_LABELS

NOTICE_SOURCE = (
    "Arrêté du 27 juillet 2010 relatif aux modalités de sélection, d'attribution et de "
    "suspension de l'allocation, art. 4"
)
CREDITOR_SOURCES = (
    "Code de l'éducation, art. L632-6 (rédaction 2009-2015) et L634-2",
    "Décret n° 2025-270 du 24 mars 2025, art. 3",
)
#: Grounds that need the formal notice and its 15-day period before a decision (art. 4).
NOTICE_GROUNDS = frozenset({"change_of_place", "absences"})


def observations_deadline(notice_received: date) -> Figure[date]:
    """Last day for the signatory's observations: receipt of the notice + 15 days
    (arrêté du 27 juillet 2010, art. 4)."""
    period = params.value("breach.observations_period_days", notice_received)
    deadline = notice_received + timedelta(days=period.value)
    step = Step(
        figure="rupture.date_limite_observations",
        value=deadline,
        rule=(
            f"Le signataire dispose de {period.value} jours à compter de la réception de la "
            "mise en demeure pour présenter ses observations écrites ou orales ; la décision "
            "ne peut être prise qu'après ce délai."
        ),
        branch=f"mise en demeure reçue le {notice_received:%d/%m/%Y}",
        parameters=(period,),
        sources=(NOTICE_SOURCE,),
    )
    return Figure(deadline, step)


def decision_refusals(ground: str, notice_received: date | None, on: date) -> list[str]:
    """Why a termination decision may not be taken on ``on`` (empty: it may).

    For the grounds of art. 4 (change of place, absences) the notice must have been
    received and its 15-day period must be over."""
    if ground not in NOTICE_GROUNDS:
        return []
    if notice_received is None:
        return [
            "Pour ce motif, la résiliation exige une mise en demeure reçue par le signataire "
            "(arrêté du 27 juillet 2010, art. 4) : enregistrez d'abord son envoi et sa "
            "réception."
        ]
    deadline = observations_deadline(notice_received).value
    if on <= deadline:
        return [
            "La décision ne peut pas être prise avant la fin du délai de 15 jours laissé au "
            f"signataire pour ses observations : ce délai court jusqu'au {deadline:%d/%m/%Y} "
            "inclus (arrêté du 27 juillet 2010, art. 4)."
        ]
    return []


def creditor(
    regime: str,
    practising: bool,
    on: date,
    litigation_filed: date | None = None,
) -> Figure[str]:
    """``cpam``, ``cng`` or ``asp``: who recovers the sums due on ``on``.

    PRE2020 practising doctors and dentists: the CPAM (L632-6 2009-2015 wording, L634-2);
    everyone else: the CNG, then the ASP from 1 January 2026 (décret 2025-270 art. 3 II);
    litigation filed by 31 December 2025 stays with the CNG (art. 3 III)."""
    used = []
    rejected: list[Rejected] = []
    if regime == PRE2020 and practising:
        value = params.value("breach.creditor_pre2020_practising", on)
        used.append(value)
        result = value.value
        branch = "contrat d'avant 2020, signataire en exercice : la CPAM de son lieu d'exercice"
        rejected.append(Rejected("gestionnaire national", "le signataire exerce"))
    else:
        limit = cng_litigation_limit()
        if litigation_filed is not None and litigation_filed <= limit.value:
            value = params.value("breach.creditor_national", litigation_filed)
            used += [value, limit]
            result = value.value
            branch = (
                f"contentieux introduit le {litigation_filed:%d/%m/%Y}, au plus tard le "
                f"{limit.value:%d/%m/%Y} : il reste à l'organisme alors compétent"
            )
            rejected.append(Rejected("organisme du jour", "contentieux déjà introduit"))
        else:
            value = params.value("breach.creditor_national", on)
            used.append(value)
            result = value.value
            branch = f"au {on:%d/%m/%Y} : {CREDITOR_LABELS[result]}"
            if regime == PRE2020:
                rejected.append(Rejected("CPAM", "le signataire n'exerce pas"))
    step = Step(
        figure="rupture.creancier",
        value=result,
        rule=(
            "Les sommes dues après une rupture sont recouvrées par la CPAM pour les médecins "
            "et chirurgiens-dentistes en exercice sous le régime d'avant 2020, sinon par le "
            "gestionnaire national : le CNG, puis l'ASP depuis le 1er janvier 2026 ; le CNG "
            "garde les contentieux introduits avant cette date."
        ),
        branch=branch,
        rejected=tuple(rejected),
        parameters=tuple(used),
        sources=CREDITOR_SOURCES,
    )
    return Figure(result, step)


def plan_refusals(
    total: Decimal, instalments: Sequence[tuple[date, Decimal]], first_allowed: date
) -> list[str]:
    """Why an instalment plan of ``total`` is refused (empty: accepted).

    Each instalment is (due date, amount): amounts positive, dates strictly increasing and
    not before ``first_allowed``, sum equal to the amount due to the cent (docs/breach.md:
    no text sets a grid, the plan is decided case by case — seeds 003/004)."""
    reasons: list[str] = []
    if not instalments:
        return ["L'échéancier doit compter au moins une échéance."]
    previous: date | None = None
    for number, (due, amount) in enumerate(instalments, start=1):
        if amount <= 0:
            reasons.append(f"Échéance n° {number} : le montant doit être positif.")
        if due < first_allowed:
            reasons.append(
                f"Échéance n° {number} : la date ({due:%d/%m/%Y}) précède le "
                f"{first_allowed:%d/%m/%Y}."
            )
        if previous is not None and due <= previous:
            reasons.append(
                f"Échéance n° {number} : les dates doivent se suivre (le {due:%d/%m/%Y} ne "
                f"suit pas le {previous:%d/%m/%Y})."
            )
        previous = due
    planned = sum((amount for _, amount in instalments), Decimal(0))
    if planned != total:
        reasons.append(
            f"Le total des échéances ({format_euros_fr(planned)}) ne correspond pas à la somme due "
            f"({format_euros_fr(total)})."
        )
    return reasons
