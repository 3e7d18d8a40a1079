"""The selection commission's lists: caps, deadline, national quotas (R5, R8, R9).

Per category (students / interns; from 2020: 2nd cycle / 3rd cycle / PADHUE), the
commission draws up a principal list capped at the number of open contracts and a
complementary list capped at k × that number: k = 3 under décret 2010-735 art. 3, k = 4
from décret 2013-1080 (R632-70) and under R631-24-4. The lists reach the national
manager before 30 November of the campaign year (2010–2013), then before 15 January of
the next year (arrêté du 27 juillet 2010 art. 2; FAQ of the ministry).

The campaign of year Y opens on 1 October Y (the start of the academic year Y-(Y+1)):
when no date of the lists is given, that date selects the parameters. Oracles T34, T35,
T47.
"""

from __future__ import annotations

from datetime import date

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Figure, Rejected, Step

SOURCES_CAP = (
    "Décret n° 2010-735 du 29 juin 2010, art. 3",
    "Code de l'éducation, art. R632-70 (décret n° 2013-1080) et R631-24-4",
)
SOURCES_QUOTA = ("Code de l'éducation, art. L632-6 al. 1 et R631-24-1",)


def campaign_opening(campaign_year: int) -> date:
    """1 October of the campaign year: the start of the academic year it covers."""
    if not 2010 <= campaign_year <= 2100:
        raise SituationError(
            "campaign_year",
            campaign_year,
            SOURCES_QUOTA[0],
            "campagne hors de la période du CESP (2010 →)",
        )
    return date(campaign_year, 10, 1)


def _count(field: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SituationError(
            field, value, SOURCES_CAP[1], "un nombre entier positif ou nul est attendu"
        )
    return value


def complementary_list_cap(
    open_contracts: int, campaign_year: int, lists_date: date | None = None
) -> Figure[int]:
    """Maximum size of the complementary list of one category (R8).

    ``lists_date`` (when the commission drew up its lists) selects the multiplier; by
    default the opening of the campaign. T34: 12 open contracts under POST2020 → 48;
    T35: the same in the 2011-12 campaign → 36.
    """
    _count("open_contracts", open_contracts)
    on = lists_date or campaign_opening(campaign_year)
    try:
        multiplier = params.value("commission.complementary_list_multiplier", on)
    except ParameterError:
        raise SituationError(
            "lists_date", on.isoformat(), SOURCES_CAP[0], "date antérieure au CESP"
        ) from None
    k = int(multiplier.value)
    cap = k * open_contracts
    step = Step(
        figure="listes.plafond_liste_complementaire",
        value=cap,
        rule=(
            f"La liste complémentaire compte au plus {k} fois le nombre de contrats ouverts "
            f"dans la catégorie : {k} × {open_contracts} = {cap}."
        ),
        branch=f"multiplicateur {k} en vigueur le {on.strftime('%d/%m/%Y')}",
        rejected=(
            Rejected("multiplicateur 3", "remplacé par 4 depuis le décret n° 2013-1080")
            if k == 4
            else Rejected("multiplicateur 4", "décret n° 2013-1080 pas encore en vigueur"),
        ),
        parameters=(multiplier,),
        sources=SOURCES_CAP,
    )
    return Figure(cap, step)


def lists_deadline(campaign_year: int) -> Figure[date]:
    """The date by which the lists reach the national manager (R9)."""
    opening = campaign_opening(campaign_year)
    parameter = params.value("commission.lists_deadline", opening)
    month, day = (int(part) for part in parameter.value.split("-"))
    deadline = date(campaign_year, month, day)
    if deadline < opening:
        deadline = date(campaign_year + 1, month, day)
    step = Step(
        figure="listes.date_limite_transmission",
        value=deadline,
        rule=(
            "Les listes principale et complémentaire sont transmises au gestionnaire national "
            f"au plus tard le {deadline.strftime('%d/%m/%Y')} (première échéance du "
            f"{day:02d}/{month:02d} après l'ouverture de la campagne le "
            f"{opening.strftime('%d/%m/%Y')})."
        ),
        parameters=(parameter,),
        sources=("Décret n° 2010-735 du 29 juin 2010, art. 3", "Code de l'éducation, art. R632-70"),
    )
    return Figure(deadline, step)


def check_lists(
    open_contracts: int,
    principal: int,
    complementary: int,
    campaign_year: int,
    lists_date: date | None = None,
) -> Figure[bool]:
    """Are the list sizes within the caps? Each breach of a cap is named (R8)."""
    _count("open_contracts", open_contracts)
    _count("principal", principal)
    _count("complementary", complementary)
    cap = complementary_list_cap(open_contracts, campaign_year, lists_date)
    problems = []
    if principal > open_contracts:
        problems.append(
            f"liste principale de {principal} candidats pour {open_contracts} contrats ouverts"
        )
    if complementary > cap.value:
        problems.append(
            f"liste complémentaire de {complementary} candidats au-delà du plafond de {cap.value}"
        )
    step = Step(
        figure="listes.conformes",
        value=not problems,
        rule=(
            "La liste principale ne dépasse pas le nombre de contrats ouverts ; la liste "
            "complémentaire ne dépasse pas son plafond."
        ),
        branch="listes conformes" if not problems else "non conformes : " + " ; ".join(problems),
        sources=SOURCES_CAP,
        children=(cap.step,),
    )
    return Figure(not problems, step)


def national_quota_total(campaign_year: int) -> Figure[int]:
    """Total number of contracts opened nationally for a campaign, where it is known (R5).

    T47: 2023-24 → 980 (arrêté du 25 juin 2024). For campaigns whose arrêté was not
    collected the engine says so rather than guess.
    """
    opening = campaign_opening(campaign_year)
    try:
        quota = params.value("commission.national_quota_total", opening)
    except ParameterError:
        raise SituationError(
            "campaign_year",
            campaign_year,
            SOURCES_QUOTA[0],
            "le quota national de cette campagne n'a pas été recueilli (arrêté non lu)",
        ) from None
    total = int(quota.value)
    step = Step(
        figure="quotas.total_national",
        value=total,
        rule=(
            f"Nombre de contrats ouverts pour la campagne {campaign_year}-{campaign_year + 1} "
            f"par l'arrêté annuel : {total}."
        ),
        branch=quota.note,
        parameters=(quota,),
        sources=SOURCES_QUOTA,
    )
    return Figure(total, step)
