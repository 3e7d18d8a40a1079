"""Protection of a professional project stable for 3 years against a zoning change (R25).

When the zone named in the professional project sent to the ARS, unchanged for at least
3 years, stops being eligible:
- PRE2020 (décret 2010-735 art. 5): the penalty of a breach is not due; the refund of
  the net allocations remains due (only the penalty provisions are disapplied);
- since the OTSS law of 2019 (POST2020, and in practice for all per the FAQs): the
  signatory may still install in that formerly eligible zone, without breach, but loses
  the installation aids tied to the old zoning.

Input: the dated declarations of the project (each: the date the ARS received it and the
communes it names), the commune that leaves the zoning and the date the new zoning takes
effect. Oracles T24, T25.

Choice (docs/rules-docs.md): stability is per commune — the commune must have been named
in every declaration since a date at least 3 years before the zoning change; adding or
removing *another* commune does not reset it; a declaration that drops the commune
resets it. Declarations after the zoning change are ignored. The 3 years are counted in
whole months with the shared month type (36 months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Figure, Rejected, Step
from cesp.rules.months import whole_months_between

SOURCE_PRE2020 = "Décret n° 2010-735 du 29 juin 2010, art. 5"
SOURCE_POST2020 = "Code de l'éducation, art. L632-6 (loi n° 2019-774 dite OTSS)"
RULE = "Décret n° 2010-735 du 29 juin 2010, art. 5 ; Code de l'éducation, art. L632-6"
SOURCE_FAQ = "FAQ du ministère (médecine) et FAQ ARS Occitanie : projet stable depuis 3 ans"


@dataclass(frozen=True, slots=True)
class Declaration:
    """A version of the professional project received by the ARS on ``declared_on``."""

    declared_on: date
    communes: frozenset[str]


def stable_since(declarations: list[Declaration], commune: str, before: date) -> date | None:
    """Start of the latest uninterrupted run of declarations naming ``commune``,
    among those received on or before ``before``; ``None`` when the last one omits it."""
    ordered = sorted(
        (item for item in declarations if item.declared_on <= before),
        key=lambda item: item.declared_on,
    )
    dates = [item.declared_on for item in ordered]
    if len(set(dates)) != len(dates):
        raise SituationError(
            "declarations", str(dates), RULE, "deux versions du projet à la même date"
        )
    since = None
    for item in ordered:
        named = commune in item.communes
        since = (since or item.declared_on) if named else None
    return since


def zoning_change_protection(
    declarations: list[Declaration],
    commune: str,
    zoning_change: date,
    regime: str = "post2020",
) -> Figure[bool]:
    """Is the project naming ``commune`` protected when the zoning changes? (R25).

    T24/T25: project filed 2021-09-01, commune out of the zoning in May 2025 (3.7 years):
    protected; filed 2023-01-01 (2.3 years): not protected.
    """
    if regime not in {"pre2020", "post2020"}:
        raise SituationError("regime", regime, RULE, "attendu : pre2020 ou post2020")
    if not declarations:
        raise SituationError("declarations", None, RULE, "aucun projet professionnel déclaré")
    try:
        years = params.value("zoning.project_stability_years", zoning_change)
    except ParameterError:
        raise SituationError(
            "zoning_change", zoning_change.isoformat(), RULE, "aucune protection avant 2013"
        ) from None
    months_needed = 12 * int(years.value)
    since = stable_since(declarations, commune, zoning_change)
    if since is None:
        protected = False
        branch = (
            f"la commune {commune} ne figure pas dans le projet en vigueur au "
            f"{zoning_change.strftime('%d/%m/%Y')}"
        )
        months = 0
    else:
        months = whole_months_between(since, zoning_change)
        protected = months >= months_needed
        branch = (
            f"commune {commune} inscrite au projet sans interruption depuis le "
            f"{since.strftime('%d/%m/%Y')} : {months} mois au changement de zonage "
            f"({'au moins' if protected else 'moins de'} {months_needed} mois)"
        )
    if regime == "pre2020":
        effect = (
            "la pénalité de rupture n'est pas due ; le remboursement des allocations nettes "
            "reste dû"
            if protected
            else "aucune protection : une rupture suit les règles ordinaires"
        )
        sources: tuple[str, ...] = (SOURCE_PRE2020,)
    else:
        effect = (
            "le signataire peut s'installer dans la zone qui n'est plus éligible, sans "
            "rupture, mais sans les aides à l'installation liées à l'ancien zonage"
            if protected
            else "aucune protection : il doit s'installer dans une zone éligible"
        )
        sources = (SOURCE_POST2020, SOURCE_FAQ)
    step = Step(
        figure="zonage.projet_protege",
        value=protected,
        rule=(
            "Un projet professionnel dont la zone est restée inchangée au moins "
            f"{years.value} ans avant le changement de zonage est protégé : {effect}."
        ),
        branch=branch,
        rejected=(
            Rejected(
                "protégé" if not protected else "non protégé",
                f"{months} mois de stabilité pour {months_needed} requis",
            ),
        ),
        parameters=(years,),
        sources=sources,
    )
    return Figure(protected, step)
