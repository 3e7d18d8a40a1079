"""Breach (*rupture*): refund of the net allocations, penalty, degressive rate.

- POST2020 (arrêté du 26 mai 2020, art. 1 et 2): refund = Σ net allocations received;
  penalty before the DES (odontology: before the thesis, choice Q11; PADHUE: during the
  pathway) = max(200 € × months of allocation received, 2 000 €), after it 20 000 €.
  Degressive rate for doctors and dentists per an annex not found: the 2011/2013
  annexes are applied (choice Q1); no rate for pharmacy and midwifery (choice Q7).
- PRE2020 medicine (arrêté du 24 juin 2011): the version in force on the breach date —
  V1 (20 000 € flat, choice C1), V2 from 2012-03-28 (200 € × months elapsed since
  signature, min 2 000 €, before the DES), V3 from 2013-11-08 (200 € × months of
  allocation received); V3 still applied after the 2020-05-29 abrogation (choice Q12).
- PRE2020 odontology (arrêté du 29 octobre 2013): as V3, thresholds 24/72.
- Degressive rate: 1 when f ≤ 36 (dentists 24), else 1 − min(1, 120 × √((f − 36)/d)/100)
  (dentists 72 and 24), f months served, d months due.
- Death and incapacity owe nothing (décret 2010-735 art. 5; FAQ); radiation owes like a
  breach; a protected zoning change waives the penalty (décret 2010-735 art. 5).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cesp.rules import params
from cesp.rules.explain import NO_STEP, Figure, Rejected, Step, choice_link, explaining, text_value
from cesp.rules.money import round_cents
from cesp.rules.months import whole_months_between
from cesp.rules.regime import PRE2020
from cesp.rules.situation import Payment, Situation
from cesp.rules.vocabulary import BREACH_CAUSE_LABELS as CAUSE_LABELS

RATE_PLACES = Decimal("0.0000000001")
ARRETE_2020 = "Arrêté du 26 mai 2020 relatif à l'indemnité et à la pénalité, art. 1"
ARRETE_2020_ART2 = "Arrêté du 26 mai 2020 relatif à l'indemnité et à la pénalité, art. 2 et annexe"
ARRETE_2011 = "Arrêté du 24 juin 2011 modifié, art. 1 à 1-2"
ARRETE_2011_ANNEX = "Arrêté du 24 juin 2011, annexe"
ARRETE_2013 = "Arrêté du 29 octobre 2013 (odontologie), art. 1 à 3"
ARRETE_2013_ANNEX = "Arrêté du 29 octobre 2013 (odontologie), annexe"
DECRET_ART5 = "Décret n° 2010-735 du 29 juin 2010, art. 5"
CONTRACT_ART6 = "Arrêté du 27 juillet 2010, annexe (contrat type), art. 6"
FAQ = "FAQ du ministère (médecine)"
ANY_DAY = date(2010, 1, 1)  # lookup date of the parameters ``selected_by: any``


def in_force_param(text: str) -> params.ParamValue:
    """Entry into force of an arrêté (``breach.arrete_2011_in_force`` …), a dated parameter."""
    return params.value(f"breach.arrete_{text}_in_force", ANY_DAY)


def in_force(text: str) -> date:
    return in_force_param(text).value


NO_REPAYMENT = {"death", "incapacity"}


@dataclass(frozen=True, slots=True)
class Breach:
    date: date
    cause: str
    refund: Decimal
    penalty: Decimal
    rate: Decimal
    total: Decimal
    before_diploma: bool
    version: str


def degressive_rate(
    months_due: int,
    months_served: Decimal,
    on: date,
    odontology: bool = False,
    regime: str = "post2020",
) -> Figure[Decimal]:
    """Degressive rate: 1 when f ≤ threshold, else 1 − min(1, c × √((f − t)/d) / 100).

    Annexes of the arrêté du 24 juin 2011 (medicine: t = 36, c = 120) and of the arrêté du
    29 octobre 2013 (odontology: t = 24, c = 72); for POST2020 the 2020 annex was not
    found and the same formula is applied (choice Q1). T12–T18.
    """
    kind = "odontology" if odontology else "medicine"
    floor = in_force("2013") if odontology else in_force("2011")
    lookup = max(on, floor)
    if regime == PRE2020:  # the 2011/2013 annexes, even after their abrogation (choice Q12)
        lookup = min(lookup, in_force("2020") - timedelta(days=1))
    threshold = params.value(f"breach.degressive_{kind}_threshold_months", lookup)
    coefficient = params.value(f"breach.degressive_{kind}_coefficient", lookup)
    f, d, t = Decimal(months_served), Decimal(months_due), Decimal(threshold.value)
    if f <= t or d <= 0:
        rate = Decimal(1)
        if not explaining():
            return Figure(rate, NO_STEP)
        branch = f"f = {text_value(f)} ≤ {threshold.value} mois : pas de dégressivité (taux 1)"
        rejected = (Rejected("formule dégressive", f"f ≤ {threshold.value}"),)
    else:
        reduction = min(Decimal(1), coefficient.value * ((f - t) / d).sqrt() / 100)
        rate = (1 - reduction).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
        if not explaining():
            return Figure(rate, NO_STEP)
        branch = (
            f"f = {text_value(f)} > {threshold.value} : 1 − min(1 ; {coefficient.value} × "
            f"√(({text_value(f)} − {threshold.value}) / {months_due}) / 100) = {text_value(rate)}"
        )
        rejected = (Rejected("taux plein", f"f > {threshold.value}"),)
    choice = ""
    if threshold.reference == "choix_cesp":
        choice = (
            "Annexe de l'arrêté du 26 mai 2020 non retrouvée : formule des annexes de 2011/2013 "
            f"appliquée ({choice_link('Q1')})"
        )
    step = Step(
        figure="breach.rate",
        value=rate,
        rule=(
            "Pour un praticien ayant exercé f mois sur d dus, le montant dû est multiplié par "
            "un taux dégressif : 1 tant que f ne dépasse pas le seuil, sinon "
            "1 − min(1 ; coefficient × √((f − seuil)/d) / 100)."
        ),
        branch=branch,
        rejected=rejected,
        parameters=(threshold, coefficient, in_force_param("2013" if odontology else "2011")),
        sources=(ARRETE_2013_ANNEX if odontology else ARRETE_2011_ANNEX,)
        + ((ARRETE_2020_ART2,) if regime != PRE2020 else ()),
        choice=choice,
    )
    return Figure(rate, step)


def penalty_diploma(situation: Situation) -> tuple[str, date | None]:
    """The diploma that splits « before » and « after » for the penalty."""
    if situation.profession == "medecine":
        event = situation.first("des")
        return "DES", event.date if event else None
    if situation.is_padhue:
        event = situation.first("pathway_end")
        return "fin du parcours de consolidation", event.date if event else None
    event = situation.first("thesis")
    return "diplôme d'État", event.date if event else None


def arrete_version(situation: Situation, regime: str, breach_date: date) -> str:
    """Which text sets the penalty: V1/V2/V3 of the 2011 arrêté, « 2013 » or « 2020 »."""
    if regime == PRE2020 and situation.profession == "medecine":
        return params.value("breach.pre2020_medicine_version", breach_date).value
    return "2013" if regime == PRE2020 else "2020"


def penalty(
    situation: Situation,
    regime: str,
    breach_date: date,
    months_received: int,
    overrides: dict[str, Any] | None = None,
) -> Figure[Decimal]:
    """Penalty by regime, version of the arrêté and profession (T8–T11, T19–T21)."""
    label, diploma = penalty_diploma(situation)
    before = diploma is None or breach_date < diploma
    used: list[Any] = []
    choices: list[str] = []
    if regime == PRE2020 and situation.profession == "medecine":
        version_param = params.value("breach.pre2020_medicine_version", breach_date, overrides)
        version = version_param.value
        lookup = max(breach_date, in_force("2011"))
        sources: tuple[str, ...] = (ARRETE_2011,)
        used += [version_param, in_force_param("2011")]
        if version_param.reference == "choix_cesp":
            anchor = "Q12" if breach_date >= in_force("2020") else "C2"
            choices.append(f"{version_param.note} ({choice_link(anchor)})")
    elif regime == PRE2020:
        version = "2013"
        lookup = max(breach_date, in_force("2013"))
        sources = (ARRETE_2013,)
        used.append(in_force_param("2013"))
    else:
        version = "2020"
        lookup = max(breach_date, in_force("2020"))
        sources = (ARRETE_2020,)
        used.append(in_force_param("2020"))
        if breach_date < in_force("2020"):
            choices.append(
                "Rupture d'un contrat de 2020 avant l'entrée en vigueur de l'arrêté du 26 mai "
                f"2020 : ses montants sont appliqués ({choice_link('C3')})"
            )
        if situation.profession == "odontologie":
            choices.append(
                "Odontologie : « avant le DES » lu comme avant le diplôme d'État de docteur en "
                f"chirurgie dentaire ({choice_link('Q11')})"
            )
    flat_case = version == "V1" or not before
    if flat_case:
        flat = params.value("breach.flat_penalty_after_diploma", lookup, overrides)
        amount = flat.value
        used.append(flat)
        count = 0
    else:
        per_month = params.value("breach.penalty_per_month", lookup, overrides)
        minimum = params.value("breach.penalty_minimum", lookup, overrides)
        if version == "V2":
            count = whole_months_between(situation.signature_date, breach_date)
        else:
            count = months_received
        amount = max(per_month.value * count, minimum.value)
        used += [per_month, minimum]
    amount = round_cents(amount)
    if not explaining():
        return Figure(amount, NO_STEP)
    if flat_case:
        if before:
            branch = f"version initiale de l'arrêté de 2011 : forfait de {text_value(amount)} €"
            rejected: tuple[Rejected, ...] = (
                Rejected("200 € par mois", "introduit par la version du 28 mars 2012"),
            )
            choices.append(
                f"V1 : fraction des frais d'études forfaitaire avant le DES ({choice_link('C1')})"
            )
        else:
            branch = (
                f"rupture après le {label} (obtenu le {text_value(diploma)}) : forfait "
                f"{text_value(amount)} €"
            )
            rejected = (Rejected(f"avant le {label}", "diplôme obtenu à la date de rupture"),)
    else:
        basis = (
            f"{count} mois écoulés depuis la signature"
            if version == "V2"
            else f"{count} mois d'allocation perçus"
        )
        branch = (
            f"rupture avant le {label} : max({text_value(used[-2].value)} € × {basis} ; "
            f"{text_value(used[-1].value)} €) = {text_value(amount)} €"
        )
        rejected = (Rejected(f"après le {label}", "diplôme non obtenu à la date de rupture"),)
    step = Step(
        figure="breach.penalty",
        value=amount,
        rule=(
            "Pénalité : avant le diplôme, 200 € par mois d'allocation perçu (version 2012 de "
            "l'arrêté de 2011 : par mois écoulé depuis la signature) avec un minimum de "
            "2 000 € ; après le diplôme, 20 000 €."
        ),
        branch=branch,
        rejected=rejected,
        parameters=tuple(used),
        sources=sources,
        choice=" ; ".join(choices),
    )
    return Figure(amount, step)


def refund(
    months: tuple[int, ...],
    net_total: Decimal,
    payments: tuple[Payment, ...],
    sources: tuple[str, ...] = (),
) -> Figure[Decimal]:
    """Net allocations received: the recorded payments when there are some, else the months due."""
    if payments:
        value = round_cents(sum((p.net for p in payments), Decimal(0)))
        if not explaining():
            return Figure(value, NO_STEP)
        branch = f"{len(payments)} versements enregistrés, total net {text_value(value)} €"
        rejected = (Rejected("mois dus × net", "les versements réellement effectués priment"),)
    else:
        value = net_total
        if not explaining():
            return Figure(value, NO_STEP)
        branch = f"{len(months)} mois d'allocation nets, total {text_value(value)} €"
        rejected = (Rejected("versements enregistrés", "aucun versement enregistré"),)
    step = Step(
        figure="breach.refund",
        value=value,
        rule="Remboursement de la totalité des allocations nettes perçues depuis la signature.",
        branch=branch,
        rejected=rejected,
        sources=sources or (ARRETE_2020,),
        choice=(
            "Formule de l'arrêté (somme des allocations nettes) plutôt que celle du décret "
            f"({choice_link('Q10')})"
        ),
    )
    return Figure(value, step)


def compute_breach(
    situation: Situation,
    regime: str,
    breach_date: date,
    cause: str,
    months: tuple[int, ...],
    net_total: Decimal,
    months_due: int,
    months_served: Decimal,
    overrides: dict[str, Any] | None = None,
) -> Figure[Breach]:
    """The sums due on a breach (R28–R33): refund, penalty, degressive rate, total."""
    _, diploma = penalty_diploma(situation)
    before = diploma is None or breach_date < diploma
    cause_label = CAUSE_LABELS[cause]
    if cause in NO_REPAYMENT:
        step = Step(
            figure="breach.total",
            value=Decimal("0.00"),
            rule=(
                "En cas de décès ou d'incapacité, le contrat prend fin sans remboursement "
                "ni pénalité."
            ),
            branch=cause_label,
            sources=(DECRET_ART5, FAQ),
        )
        zero = Decimal("0.00")
        return Figure(Breach(breach_date, cause, zero, zero, Decimal(1), zero, before, ""), step)
    months_received = len({p.month.index for p in situation.payments}) or len(months)
    if regime != PRE2020:
        texts: tuple[str, ...] = (ARRETE_2020,)
    elif situation.profession == "medecine":
        texts = (ARRETE_2011,)
    else:
        texts = (ARRETE_2013,)
    back = refund(months, net_total, situation.payments, texts)
    pen = penalty(situation, regime, breach_date, months_received, overrides)
    penalty_value = pen.value
    penalty_step = pen.step
    if cause == "zoning_change_protected":
        penalty_value = Decimal("0.00")
        if explaining():
            # The figure is 0: the step of « breach.penalty » says 0, and the penalty the
            # rules would otherwise ask is kept below it as the amount waived.
            penalty_step = Step(
                figure="breach.penalty",
                value=penalty_value,
                rule=(
                    "Si la zone du projet professionnel, inchangé depuis au moins 3 ans, cesse "
                    "d'être éligible, la pénalité n'est pas due ; le remboursement reste dû."
                ),
                branch=f"{cause_label} : pénalité de {text_value(pen.value)} € écartée",
                sources=(DECRET_ART5, FAQ),
                choice=f"Remboursement maintenu, pénalité seule écartée ({choice_link('C5')})",
                children=(dataclasses.replace(pen.step, figure="breach.penalty_waived"),),
            )
    children = [back.step, penalty_step]
    degressive = situation.profession not in {"pharmacie", "maieutique"}
    if degressive:
        rate_figure = degressive_rate(
            months_due, months_served, breach_date, situation.is_odontology, regime
        )
        rate = rate_figure.value
        children.append(rate_figure.step)
    else:
        rate = Decimal(1)
        children.append(
            Step(
                figure="breach.rate",
                value=rate,
                rule=(
                    "La dégressivité de l'arrêté du 26 mai 2020 vise les médecins et "
                    "chirurgiens-dentistes."
                ),
                branch="pharmacie ou maïeutique : pas de dégressivité",
                sources=(ARRETE_2020_ART2,),
                choice=f"Pas de taux dégressif hors médecine et odontologie ({choice_link('Q7')})",
            )
        )
    total = round_cents((back.value + penalty_value) * rate)
    version = arrete_version(situation, regime, breach_date)
    breach = Breach(breach_date, cause, back.value, penalty_value, rate, total, before, version)
    if not explaining():
        return Figure(breach, NO_STEP)
    step = Step(
        figure="breach.total",
        value=total,
        rule="Total dû = (remboursement + pénalité) × taux dégressif.",
        branch=(
            f"{cause_label} le {breach_date:%d/%m/%Y} : ({text_value(back.value)} + "
            f"{text_value(penalty_value)}) × {text_value(rate)} = {text_value(total)} €"
        ),
        sources=(CONTRACT_ART6,),
        children=tuple(children),
    )
    return Figure(breach, step)
