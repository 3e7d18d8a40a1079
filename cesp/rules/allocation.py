"""The monthly allocation: effect date, months in force, gross and net totals.

- Amount: 1 200 € gross a month (arrêté du 27 juillet 2010 relatif au montant, art. 1;
  arrêté du 26 mai 2020 under R631-24-8). Net = gross − CSG − CRDS at the rates of the
  month covered, each rounded half-up to the cent, on gross less the professional-expenses
  allowance (CSS L136-2, L136-8; ordonnance 96-50): 1 106,88 € (2010–2011), 1 105,67 €
  (2012–2017), 1 085,63 € (from 2018).
- Effect: 1 October of the campaign year (first and second cycle), 1 November (third
  cycle; PADHUE by choice Q6), retroactively (arrêté du 27 juillet 2010, art. 3).
- A month is due when the allocation is in force on its first day: from the effect date
  through the diploma (medicine: the later of DES and thesis; odontology, pharmacy,
  midwifery: the thesis / State diploma, choice Q7; PADHUE: end of the pathway, choice
  Q6), plus deferral months; except suspended months, months from a third-cycle
  suspension on, and months on or after a breach (termination on receipt).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cesp.rules import params
from cesp.rules.deferral import DeferralPeriod, deferral_periods
from cesp.rules.explain import NO_STEP, Figure, Rejected, Step, choice_link, explaining, text_value
from cesp.rules.money import round_cents
from cesp.rules.months import Month
from cesp.rules.situation import Situation
from cesp.rules.suspensions import (
    first_day_months,
    studies_suspended_months,
    third_cycle_suspension,
)
from cesp.rules.vocabulary import event_label

ARRETE_MONTANT = "Arrêté du 27 juillet 2010 relatif au montant de l'allocation, art. 1"
ARRETE_EFFET = "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 3"
R632_73 = "Code de l'éducation, art. R632-73"
R631_24_9 = "Code de l'éducation, art. R631-24-9"
FAQ = "FAQ du ministère (médecine)"


NET_PARAMETERS = (
    "allocation.gross_monthly_amount",
    "allocation.professional_expenses_allowance",
    "allocation.csg_rate",
    "allocation.crds_rate",
)


def gross_monthly_amount(on: date, overrides: dict[str, Any] | None = None) -> Decimal:
    """Gross monthly allocation in force on ``on`` (1 200 €)."""
    return params.value("allocation.gross_monthly_amount", on, overrides).value


@lru_cache(maxsize=4096)
def _net_figure_cached(month_index: int) -> Figure[Decimal]:
    return _net_figure(Month.from_index(month_index), None)


def net_monthly_amount(month: Month, overrides: dict[str, Any] | None = None) -> Figure[Decimal]:
    """Net allocation for the month covered: gross − CSG − CRDS (rates of that month)."""
    if not overrides:
        return _net_figure_cached(month.index)
    return _net_figure(month, overrides)


def _net_figure(month: Month, overrides: dict[str, Any] | None) -> Figure[Decimal]:
    on = month.first_day()
    gross = params.value("allocation.gross_monthly_amount", on, overrides)
    allowance = params.value("allocation.professional_expenses_allowance", on, overrides)
    csg_rate = params.value("allocation.csg_rate", on, overrides)
    crds_rate = params.value("allocation.crds_rate", on, overrides)
    base = gross.value * (1 - allowance.value)
    csg = round_cents(base * csg_rate.value)
    crds = round_cents(base * crds_rate.value)
    net = round_cents(gross.value - csg - crds)
    step = Step(
        figure="allocation.net_monthly",
        value=net,
        rule=(
            "Net = brut − CSG − CRDS ; CSG et CRDS calculées sur le brut diminué de "
            "l'abattement pour frais professionnels, aux taux du mois couvert, chacune "
            "arrondie au centime."
        ),
        branch=(
            f"{month} : assiette {text_value(round_cents(base))} €, CSG {text_value(csg)} €, "
            f"CRDS {text_value(crds)} €"
        ),
        parameters=(gross, allowance, csg_rate, crds_rate),
        sources=(ARRETE_MONTANT, "Code de la sécurité sociale, art. L136-2 et L136-8"),
        choice=f"Net recalculé mois par mois à partir des taux datés ({choice_link('Q5')})",
    )
    return Figure(net, step)


def effect_date(situation: Situation) -> Figure[date]:
    """1 October (first/second cycle) or 1 November (third cycle, PADHUE) of the campaign year."""
    third = situation.category in {"third_cycle", "padhue"}
    name = (
        "allocation.effect_day_third_cycle" if third else "allocation.effect_day_first_second_cycle"
    )
    day = params.value(name, date(situation.campaign_year, 1, 1))
    month, dom = (int(part) for part in day.value.split("-"))
    effect = date(situation.campaign_year, month, dom)
    if not explaining():
        return Figure(effect, NO_STEP)
    choice = ""
    if situation.category == "padhue":
        choice = f"PADHUE : date d'effet non trouvée, 1er novembre retenu ({choice_link('Q6')})"
    step = Step(
        figure="allocation.effective_date",
        value=effect,
        rule=(
            "L'allocation prend effet le 1er octobre de l'année universitaire pour les étudiants "
            "et le 1er novembre pour les internes, quelle que soit la date de signature "
            "(versement rétroactif)."
        ),
        branch=f"catégorie {situation.category}, campagne {situation.campaign_year}-"
        f"{situation.campaign_year + 1}",
        parameters=(day,),
        sources=(ARRETE_EFFET, FAQ),
        choice=choice,
    )
    return Figure(effect, step)


def diploma_date(situation: Situation) -> Figure[date | None]:
    """The date the allocation stops (and practice may begin), by profession (R14)."""
    profession = situation.profession
    des, thesis = situation.first("des"), situation.first("thesis")
    if not explaining():
        if profession == "medecine":
            return Figure(max(des.date, thesis.date) if des and thesis else None, NO_STEP)
        event = situation.first("pathway_end") if profession.startswith("padhue_") else thesis
        return Figure(event.date if event else None, NO_STEP)
    choice = ""
    rejected: tuple[Rejected, ...] = ()
    used: tuple[params.ParamValue, ...] = ()
    if profession == "medecine":
        stop = max(des.date, thesis.date) if des and thesis else None
        rule = (
            "Médecine : l'allocation cesse à la date d'obtention du DES et du diplôme d'État "
            "de docteur (la plus tardive des deux)."
        )
        branch = (
            f"DES {text_value(des.date if des else None)}, thèse "
            f"{text_value(thesis.date if thesis else None)}"
        )
        rejected = (Rejected("DES seul", "la cessation exige les deux diplômes"),)
        thesis_from = params.value("allocation.thesis_stop_from", effect_lookup())
        used = (thesis_from,)
        if situation.signature_date < thesis_from.value:
            choice = (
                "Contrat antérieur à décembre 2013 : la plus tardive du DES et de la thèse est "
                f"retenue pour tous ({choice_link('Q14')})"
            )
        sources = (R632_73, R631_24_9, FAQ)
    elif profession.startswith("padhue_"):
        event = situation.first("pathway_end")
        stop = event.date if event else None
        rule = "PADHUE : l'allocation cesse à la fin du parcours de consolidation des compétences."
        branch = f"fin du parcours {text_value(stop)}"
        choice = (
            f"Évènement de fin retenu pour les PADHUE : {event_label('pathway_end')} "
            f"({choice_link('Q6')})"
        )
        sources = (R631_24_9, FAQ)
    else:
        stop = thesis.date if thesis else None
        rule = (
            "Odontologie : l'allocation cesse au diplôme d'État de docteur en chirurgie "
            "dentaire ; pharmacie et maïeutique : au diplôme d'État (évènement thesis)."
        )
        branch = f"diplôme d'État {text_value(stop)}"
        if profession in {"pharmacie", "maieutique"}:
            choice = (
                "Pharmacie et maïeutique : le diplôme d'État de fin d'études arrête l'allocation "
                f"({choice_link('Q7')})"
            )
        sources = (R631_24_9, FAQ)
    step = Step(
        figure="allocation.diploma_date",
        value=stop,
        rule=rule,
        branch=branch,
        rejected=rejected,
        parameters=used,
        sources=sources,
        choice=choice,
    )
    return Figure(stop, step)


def effect_lookup() -> date:
    """Lookup date of the parameters ``selected_by: any`` (their single value)."""
    return date(2010, 1, 1)


@dataclass(frozen=True, slots=True)
class Allocation:
    effective_date: date
    end_date: date | None
    months: tuple[int, ...]
    gross_total: Decimal
    net_total: Decimal
    diploma_date: date | None
    third_cycle_effect: date | None
    deferrals: tuple[DeferralPeriod, ...]

    @property
    def count(self) -> int:
        return len(self.months)


def _last_index_before(day: date) -> int:
    """Index of the last month whose first day is strictly before ``day``."""
    return Month.of(day).index - (1 if day.day == 1 else 0)


def compute_allocation(
    situation: Situation, as_of: date, breach: date | None, overrides: dict[str, Any] | None
) -> Figure[Allocation]:
    """Months of allocation due up to ``as_of``, with gross and net totals (R13–R17, R20)."""
    effect = effect_date(situation)
    diploma = diploma_date(situation)
    suspended = studies_suspended_months(situation)
    third = third_cycle_suspension(situation)
    deferrals = deferral_periods(situation, diploma.value)
    first = Month.of(effect.value).index
    last = Month.of(as_of).index
    ends: list[date] = []
    if breach is not None:
        last = min(last, _last_index_before(breach))
        ends.append(breach - timedelta(days=1))
    if third.value is not None:
        last = min(last, _last_index_before(third.value))
        if third.value <= as_of:
            ends.append(third.value - timedelta(days=1))
    main_last = last if diploma.value is None else min(last, Month.of(diploma.value).index)
    months = [index for index in range(first, main_last + 1) if index not in suspended.value]
    deferral_months = 0
    for period in deferrals.value:
        for index in first_day_months(period.start, period.end, last):
            if index > main_last and index not in suspended.value:
                months.append(index)
                deferral_months += 1
    if diploma.value is not None and diploma.value <= as_of:
        stop = max([diploma.value, *(p.end for p in deferrals.value if p.start <= as_of)])
        if stop <= as_of:
            ends.append(stop)
    end = min(ends) if ends else None
    gross, net, segments = _totals(months, overrides)
    result = Allocation(
        effective_date=effect.value,
        end_date=end,
        months=tuple(sorted(months)),
        gross_total=gross,
        net_total=net,
        diploma_date=diploma.value,
        third_cycle_effect=third.value,
        deferrals=deferrals.value,
    )
    if not explaining():
        return Figure(result, NO_STEP)
    step = Step(
        figure="allocation.months",
        value=len(months),
        rule=(
            "Un mois d'allocation est dû quand l'allocation est en vigueur le premier jour du "
            "mois : de la date d'effet jusqu'au diplôme inclus, plus les mois de report, hors "
            "mois suspendus, hors suspension du troisième cycle, et jamais à partir de la "
            "rupture."
        ),
        branch=(
            f"de {Month.of(effect.value)} à {Month.from_index(max(first, main_last))} "
            f"({max(0, main_last - first + 1)} mois), moins {len(suspended.value)} mois "
            f"suspendus, plus {deferral_months} mois de report ; arrêté au {as_of:%d/%m/%Y}"
        ),
        sources=(ARRETE_EFFET, R632_73, FAQ),
        choice=f"Mois dû si l'allocation est en vigueur le premier jour ({choice_link('Q8')})",
        children=(effect.step, diploma.step, suspended.step, third.step, deferrals.step),
    )
    totals = Step(
        figure="allocation.net_total",
        value=net,
        rule="Somme, mois par mois, de l'allocation nette aux taux du mois couvert.",
        branch=f"brut total {text_value(gross)} € ; net total {text_value(net)} €",
        sources=(ARRETE_MONTANT,),
        children=segments,
    )
    return Figure(
        result,
        Step(
            figure="allocation",
            value=len(months),
            rule="Allocation mensuelle du CESP : mois dus et montants.",
            children=(step, totals),
        ),
    )


@lru_cache(maxsize=1)
def _net_boundaries() -> frozenset[int]:
    """Month indexes where the net amount may change (a start of one of its parameters)."""
    boundaries = set()
    for name in NET_PARAMETERS:
        for item in params.all_parameters()[name].values:
            boundaries.add(Month.of(item.start).index + (0 if item.start.day == 1 else 1))
    return frozenset(boundaries)


def _totals(
    months: list[int], overrides: dict[str, Any] | None
) -> tuple[Decimal, Decimal, tuple[Step, ...]]:
    """Gross and net totals, and one explanation step per run of consecutive months at one net."""
    runs: list[list[int]] = []  # [first_index, last_index]
    boundaries = _net_boundaries() if not overrides else None
    previous = None
    for index in months:
        if (
            previous is not None
            and index == previous + 1
            and boundaries is not None
            and index not in boundaries
        ):
            runs[-1][1] = index
            previous = index
            continue
        runs.append([index, index])
        previous = index
    gross_total = Decimal("0.00")
    net_total = Decimal("0.00")
    steps = []
    merged: list[list[Any]] = []  # [first, last, count, figure]
    for start, stop in runs:
        if overrides:
            for index in range(start, stop + 1):
                figure = _net_figure(Month.from_index(index), overrides)
                merged.append([index, index, 1, figure])
        else:
            merged.append([start, stop, stop - start + 1, _net_figure_cached(start)])
    for start, stop, count, figure in merged:
        gross = params.value(
            "allocation.gross_monthly_amount", Month.from_index(start).first_day(), overrides
        )
        gross_total += gross.value * count
        amount = figure.value * count
        net_total += amount
        if explaining():
            steps.append(
                Step(
                    figure="allocation.net_period",
                    value=amount,
                    rule="Nombre de mois × allocation nette du mois.",
                    branch=(
                        f"{Month.from_index(start)} → {Month.from_index(stop)} : {count} mois × "
                        f"{text_value(figure.value)} €"
                    ),
                    children=(figure.step,),
                )
            )
    return round_cents(gross_total), round_cents(net_total), tuple(steps)
