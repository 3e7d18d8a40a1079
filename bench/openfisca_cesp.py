"""A minimal OpenFisca tax-benefit system for the CESP allocation, for comparison only.

One person entity, ``contrat``; two computed variables, ``months_of_allocation`` and
``total_paid``, with the same simplified formula the cesp engine applies on the benchmark
path (interfaces.md §1): months from the effect month through the last month in force,
less the suspended months; total paid = months × the gross monthly amount (a dated
OpenFisca parameter, 1 200 € since 2010).

The glue (``situation_to_inputs``) turns a situation JSON into the variables' inputs the
way an OpenFisca user would: the entity model has no room for a list of dated events, so
the per-contract dates are reduced to month indexes in Python before the simulation.
Not part of the product: ``openfisca-core`` is only in the ``bench`` extra.
"""

from __future__ import annotations

import json
from datetime import date

from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import MONTH
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Contrat = build_entity(
    key="contrat",
    plural="contrats",
    label="Contrat d'engagement de service public",
    is_person=True,
)


class effective_month(Variable):
    value_type = int
    entity = Contrat
    definition_period = MONTH
    label = "Index du mois de prise d'effet de l'allocation"


class last_month_in_force(Variable):
    value_type = int
    entity = Contrat
    definition_period = MONTH
    label = "Index du dernier mois où l'allocation est en vigueur au premier jour"


class suspended_months(Variable):
    value_type = int
    entity = Contrat
    definition_period = MONTH
    label = "Mois suspendus dans la période"


class months_of_allocation(Variable):
    value_type = int
    entity = Contrat
    definition_period = MONTH
    label = "Mois d'allocation"

    def formula(contrat, period, parameters):
        span = contrat("last_month_in_force", period) - contrat("effective_month", period) + 1
        months = span - contrat("suspended_months", period)
        return months * (months > 0)


class total_paid(Variable):
    value_type = float
    entity = Contrat
    definition_period = MONTH
    label = "Total brut versé"

    def formula(contrat, period, parameters):
        gross = parameters(period).cesp.allocation_gross_monthly
        return contrat("months_of_allocation", period) * gross


def build_system() -> TaxBenefitSystem:
    system = TaxBenefitSystem([Contrat])
    for variable in (
        effective_month,
        last_month_in_force,
        suspended_months,
        months_of_allocation,
        total_paid,
    ):
        system.add_variable(variable)
    system.parameters = ParameterNode(
        "",
        data={
            "cesp": {
                "allocation_gross_monthly": {
                    "description": "Allocation mensuelle brute (arrêté du 27 juillet 2010)",
                    "values": {"2010-07-01": {"value": 1200}},
                }
            }
        },
    )
    return system


def _index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_of_first_day_on_or_after(day: date) -> int:
    """A month counts when the allocation is in force on its first day."""
    return _index(day) if day.day == 1 else _index(day) + 1


def situation_to_inputs(text: str) -> dict[str, int]:
    """Reduce a situation JSON to the three inputs of the OpenFisca system."""
    situation = json.loads(text)
    campaign = int(situation["campaign_year"])
    third = situation["category"] == "third_cycle"
    effective = date(campaign, 11 if third else 10, 1)
    as_of = date.fromisoformat(situation["as_of"])
    events = situation.get("events", [])
    stop_dates = []
    periods = []
    diplomas = {}
    for event in events:
        kind = event["type"]
        if kind in ("des", "thesis"):
            diplomas[kind] = date.fromisoformat(event["date"])
        elif kind == "breach":
            # not in force on or after the breach date: last month is the one before
            breach = date.fromisoformat(event["date"])
            stop_dates.append(_month_of_first_day_on_or_after(breach) - 1)
        elif kind == "suspension":
            periods.append(
                (_index(date.fromisoformat(event["from"])), _index(date.fromisoformat(event["to"])))
            )
    if situation["profession"] == "odontologie":
        diploma = diplomas.get("thesis")
    else:
        diploma = max(diplomas.values()) if len(diplomas) == 2 else None
    if diploma is not None:
        stop_dates.append(_index(diploma))  # in force through the stop date inclusive
    stop_dates.append(_index(as_of))
    first, last = _index(effective), min(stop_dates)
    suspended = sum(max(0, min(to, last) - max(start, first) + 1) for start, to in periods)
    return {
        "effective_month": first,
        "last_month_in_force": last,
        "suspended_months": suspended,
        "period": f"{as_of.year:04d}-{as_of.month:02d}",
    }


def compute_one(system: TaxBenefitSystem, text: str) -> tuple[int, float]:
    """One situation, one simulation: the per-situation path."""
    inputs = situation_to_inputs(text)
    period = inputs.pop("period")
    data = {"contrats": {"c": {name: {period: value} for name, value in inputs.items()}}}
    simulation = SimulationBuilder().build_from_entities(system, data)
    months = int(simulation.calculate("months_of_allocation", period)[0])
    paid = float(simulation.calculate("total_paid", period)[0])
    return months, paid


def compute_vectorised(system: TaxBenefitSystem, texts: list[str], period: str) -> list[int]:
    """All situations in one simulation (OpenFisca's strength): months per contract."""
    contrats = {}
    for position, text in enumerate(texts):
        inputs = situation_to_inputs(text)
        inputs.pop("period")
        contrats[f"c{position}"] = {name: {period: value} for name, value in inputs.items()}
    simulation = SimulationBuilder().build_from_entities(system, {"contrats": contrats})
    simulation.calculate("total_paid", period)
    return [int(v) for v in simulation.calculate("months_of_allocation", period)]
