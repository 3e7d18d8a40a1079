"""Signatories' requests, checked before they are filed: each deadline and bound, and why.

Each function is pure and returns a ``Verdict``: whether the request may be filed, the
French reasons when it may not (each citing its text), the bounds the form shows before
filing, and the dates it implies (last day to file, effect date). The same bounds are
checked again by the contract's rules when the decision records its event.

- Suspension during studies: arrêté du 27 juillet 2010 (SASH1020408A), art. 3 — at the
  signatory's express request with proofs, at least one whole month.
- Third-cycle suspension: same arrêté, art. 3, 2° c — within 30 days of the first day as
  an intern (day 30 included, day 31 refused); effect on 1 January following.
- Deferral of installation: code de l'éducation, art. R632-74 — once the diploma is
  obtained, on the reasoned opinion of the UFR director, decided by the DG ARS; at most
  12 months (parameter ``deferral.maximum_months``, choice Q18 for PRE2020).
- Practice suspension: arrêté du 27 juillet 2010, art. 3 (last paragraphs) — 1 to 12
  whole months, asked of the DG ARS of the region of practice.
- Change of place: décret 2010-735, art. 8 — within a region the DG ARS decides; across
  regions the manager decides after the opinions of both DG ARS.
- Sixth-year wish: FAQ ARS Occitanie 2024 and FAQ du ministère — collected by the ARS in
  April–May of the 6th year; a specialty other than general medicine, or a subdivision of
  another region, needs the written agreement of the other ARS.
- Appeal routes of a decision: code de justice administrative, art. R421-1 (2 months from
  notification) and R421-5 (the notification states them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cesp.rules import params
from cesp.rules.appeals import add_months
from cesp.rules.suspensions import third_cycle_decision, whole_months_of

ART3 = "Arrêté du 27 juillet 2010 (SASH1020408A), art. 3"
ART3_2C = "Arrêté du 27 juillet 2010 (SASH1020408A), art. 3, 2° c"
R632_74 = "Code de l'éducation, art. R632-74"
DECRET_ART8 = "Décret n° 2010-735 du 29 juin 2010, art. 8"
FAQ_OCCITANIE = "FAQ ARS Occitanie du 22 octobre 2024"
FAQ_MINISTRY = "FAQ du ministère (médecine)"
CJA = "Code de justice administrative, art. R421-1 et R421-5"

#: The specialty whose wish needs no other ARS's agreement: the ARS of attachment opens
#: general-medicine posts (FAQ ARS Occitanie 2024: « l'ARS Occitanie n'ouvre que des
#: postes de médecine générale actuellement »).
GENERAL_MEDICINE = "medecine_generale"


@dataclass(frozen=True)
class Verdict:
    """May the request be filed? ``reasons`` say why not (French, each with its text)."""

    ok: bool
    reasons: tuple[str, ...]
    bounds: str
    sources: tuple[str, ...]
    last_day: date | None = None  # last day to file, when the text sets one
    effect: date | None = None  # when the decision would take effect
    months: int | None = None  # length in whole months, when counted


def _verdict(reasons: list[str], bounds: str, sources: tuple[str, ...], **dates) -> Verdict:
    return Verdict(not reasons, tuple(reasons), bounds, sources, **dates)


def _period_reasons(start: date | None, end: date | None) -> list[str]:
    if start is None or end is None:
        return ["Indiquez la date de début et la date de fin."]
    if end < start:
        return ["La date de fin précède la date de début."]
    return []


def studies_suspension_bounds(on: date) -> str:
    minimum = params.value("suspensions.studies_minimum_months", on).value
    return (
        f"Au moins {minimum} mois entier, sur demande expresse avec les justificatifs du "
        "congé, de l'accident ou de la mise en disponibilité ; les mois suspendus ne sont ni "
        f"versés ni dus ({ART3})."
    )


def studies_suspension(start: date | None, end: date | None, on: date) -> Verdict:
    """A suspension during studies for leave (arrêté du 27 juillet 2010, art. 3): at least
    ``suspensions.studies_minimum_months`` whole months (calendar months counted from the
    month of ``start`` through the month of ``end``, as the contract's rules count them)."""
    bounds = studies_suspension_bounds(start or on)
    reasons = _period_reasons(start, end)
    if reasons:
        return _verdict(reasons, bounds, (ART3,))
    minimum = params.value("suspensions.studies_minimum_months", start).value
    months = whole_months_of(start, end)
    if months < minimum:
        reasons.append(
            f"Une suspension pendant les études couvre au moins {minimum} mois entier : la "
            f"période du {start:%d/%m/%Y} au {end:%d/%m/%Y} n'en compte que {months} ({ART3})."
        )
    return _verdict(reasons, bounds, (ART3,), months=months)


def third_cycle_last_day(internship_start: date) -> date:
    """Last day to ask for the third-cycle suspension: day 30 after taking up duties."""
    window = params.value("suspensions.third_cycle_request_window_days", internship_start)
    return internship_start + timedelta(days=window.value)


def third_cycle_suspension(internship_start: date | None, filed_on: date, category: str) -> Verdict:
    """The third-cycle suspension (arrêté du 27 juillet 2010, art. 3, 2° c): only for a
    signatory who signed before the internship (1st or 2nd cycle), asked within
    ``suspensions.third_cycle_request_window_days`` days of the first day as an intern
    (day 30 included, day 31 refused); effect on 1 January following (FAQ du ministère)."""
    sources = (ART3_2C, FAQ_MINISTRY)
    reasons = []
    if category not in {"first_cycle", "second_cycle"}:
        reasons.append(
            "Seul un étudiant ayant signé son contrat avant l'internat (1er ou 2e cycle) peut "
            f"demander la suspension pendant tout le troisième cycle ({ART3_2C})."
        )
    if internship_start is None:
        bounds = (
            "À demander dans les 30 jours qui suivent le premier jour de fonctions d'interne ; "
            f"effet au 1er janvier suivant ({ART3_2C})."
        )
        reasons.append("Indiquez la date de votre prise de fonctions d'interne.")
        return _verdict(reasons, bounds, sources)
    last_day = third_cycle_last_day(internship_start)
    bounds = (
        f"À demander au plus tard le {last_day:%d/%m/%Y} (30 jours après la prise de fonctions "
        f"d'interne du {internship_start:%d/%m/%Y}) ; effet au 1er janvier suivant ({ART3_2C})."
    )
    if filed_on < internship_start:
        reasons.append(
            "La demande suit la prise de fonctions d'interne : elle ne peut pas être déposée "
            f"avant le {internship_start:%d/%m/%Y} ({ART3_2C})."
        )
        return _verdict(reasons, bounds, sources, last_day=last_day)
    effect = third_cycle_decision(internship_start, filed_on).value
    if effect is None:
        elapsed = (filed_on - internship_start).days
        reasons.append(
            f"Demande hors délai : {elapsed} jours après la prise de fonctions d'interne du "
            f"{internship_start:%d/%m/%Y}, le délai est de 30 jours (dernier jour le "
            f"{last_day:%d/%m/%Y}) ; elle ne peut plus être demandée ({ART3_2C})."
        )
    return _verdict(reasons, bounds, sources, last_day=last_day, effect=effect)


def deferral_latest_end(start: date) -> date:
    """Last day of a deferral starting on ``start`` (``deferral.maximum_months``)."""
    maximum = params.value("deferral.maximum_months", start).value
    return add_months(start, maximum) - timedelta(days=1)


def deferral(
    start: date | None,
    end: date | None,
    diploma: date | None,
    on: date,
    practice_start: date | None = None,
) -> Verdict:
    """A deferral of installation (code de l'éducation, art. R632-74; FAQ ARS Occitanie):
    once the diploma (thesis) is obtained; at most ``deferral.maximum_months`` months —
    a longer request is refused before filing rather than capped afterwards; it ends
    before practice begins; the allocation continues and the engagement grows by as much."""
    maximum = params.value("deferral.maximum_months", start or on).value
    bounds = (
        f"Après l'obtention du diplôme, {maximum} mois au plus, sur avis motivé du directeur "
        "de l'UFR ; décision du directeur général de l'ARS ; l'allocation continue et "
        f"l'engagement s'allonge d'autant ({R632_74} ; {FAQ_OCCITANIE})."
    )
    sources = (R632_74, FAQ_OCCITANIE)
    reasons = _period_reasons(start, end)
    if reasons:
        return _verdict(reasons, bounds, sources)
    if diploma is None:
        reasons.append(
            "Un report d'installation suppose le diplôme obtenu : aucune thèse n'est "
            f"enregistrée sur votre contrat ({R632_74})."
        )
    elif start < diploma:
        reasons.append(
            f"Le report ne peut commencer avant l'obtention du diplôme le {diploma:%d/%m/%Y} "
            f"({R632_74})."
        )
    if practice_start is not None and practice_start <= end:
        reasons.append(
            "Le report d'installation précède l'exercice : vous exercez depuis le "
            f"{practice_start:%d/%m/%Y} ({R632_74})."
        )
    latest = deferral_latest_end(start)
    if end > latest:
        reasons.append(
            f"Un report d'installation dure au plus {maximum} mois : commençant le "
            f"{start:%d/%m/%Y}, il finit au plus tard le {latest:%d/%m/%Y} ({FAQ_OCCITANIE})."
        )
    return _verdict(reasons, bounds, sources, months=whole_months_of(start, end), effect=start)


def practice_suspension_bounds(on: date) -> tuple[int, int]:
    minimum = params.value("suspensions.practice_minimum_months", on).value
    maximum = params.value("suspensions.practice_maximum_months", on).value
    return minimum, maximum


def practice_suspension(
    start: date | None, end: date | None, practice_start: date | None, on: date
) -> Verdict:
    """A practice suspension (arrêté du 27 juillet 2010, art. 3, last paragraphs): for a
    professional project, 1 to 12 whole months (``suspensions.practice_minimum_months``
    and ``practice_maximum_months``: 12 accepted, 13 refused), once practice has begun."""
    minimum, maximum = practice_suspension_bounds(start or on)
    bounds = (
        f"De {minimum} à {maximum} mois entiers, pour un projet professionnel, après accord de "
        "l'employeur le cas échéant ; décision du directeur général de l'ARS de la région "
        f"d'exercice ({ART3})."
    )
    reasons = _period_reasons(start, end)
    if reasons:
        return _verdict(reasons, bounds, (ART3,))
    months = whole_months_of(start, end)
    if not minimum <= months <= maximum:
        reasons.append(
            f"Une suspension d'exercice dure de {minimum} à {maximum} mois entiers : "
            f"{months} mois demandés ({ART3})."
        )
    if practice_start is None or start < practice_start:
        reasons.append(
            "Une suspension d'exercice suppose un exercice déjà commencé"
            + (f" (depuis le {practice_start:%d/%m/%Y})" if practice_start else "")
            + f" ({ART3})."
        )
    return _verdict(reasons, bounds, (ART3,), months=months, effect=start)


@dataclass(frozen=True)
class ChangeCircuit:
    """Who gives an opinion and who decides a change of place (décret 2010-735, art. 8)."""

    across_regions: bool
    opinions: tuple[str, ...]  # "ars_origin", "ars_destination"
    decider: str  # "ars" (DG ARS of the region) or "manager" (national manager)
    bounds: str


def change_of_place(region_from: str, region_to: str) -> ChangeCircuit:
    """Within a region the DG ARS decides; across regions the manager decides after the
    opinions of the DG ARS of both regions (décret 2010-735, art. 8; FAQ du ministère)."""
    if region_from and region_to and region_from != region_to:
        return ChangeCircuit(
            True,
            ("ars_origin", "ars_destination"),
            "manager",
            "Changement de région : le gestionnaire national décide après l'avis du directeur "
            "général de l'ARS de la région d'exercice et de celui de la région d'arrivée ; le "
            f"nouveau lieu doit être en zone éligible ({DECRET_ART8} ; {FAQ_MINISTRY}).",
        )
    return ChangeCircuit(
        False,
        (),
        "ars",
        "Dans la même région : le directeur général de l'ARS décide ; le nouveau lieu doit "
        f"être en zone éligible ({DECRET_ART8} ; {FAQ_MINISTRY}).",
    )


def wish_window(year: int) -> tuple[date, date]:
    """The April–May window of the sixth-year wish (FAQ ARS Occitanie 2024)."""
    on = date(year, 1, 1)
    first = params.value("requests.wish_window_start", on).value
    last = params.value("requests.wish_window_end", on).value
    return date.fromisoformat(f"{year}-{first}"), date.fromisoformat(f"{year}-{last}")


def sixth_year_wish(
    on: date, specialty: str, region: str, home_region: str, agreement: bool
) -> Verdict:
    """The specialty and subdivision wish of a sixth-year signatory (FAQ ARS Occitanie
    2024, « en avril-mai de la 6e année »; FAQ du ministère): recorded by the ARS of
    attachment within the window; a specialty other than general medicine, or a
    subdivision of another region, needs the written agreement of the ARS concerned."""
    first, last = wish_window(on.year)
    bounds = (
        f"Vœu recueilli par votre ARS du {first:%d/%m/%Y} au {last:%d/%m/%Y} ; une spécialité "
        "autre que la médecine générale, ou une subdivision d'une autre région, demande "
        "l'accord écrit de l'ARS concernée ; le vœu ne réserve pas le poste, ouvert selon "
        f"votre rang ({FAQ_OCCITANIE} ; {FAQ_MINISTRY})."
    )
    sources = (FAQ_OCCITANIE, FAQ_MINISTRY)
    reasons = []
    if not first <= on <= last:
        reasons.append(
            f"Le vœu de 6e année se dépose en avril-mai : du {first:%d/%m/%Y} au "
            f"{last:%d/%m/%Y} ({FAQ_OCCITANIE})."
        )
    if not specialty:
        reasons.append("Indiquez la spécialité souhaitée.")
    if not region:
        reasons.append("Indiquez la subdivision souhaitée.")
    if needs_agreement(specialty, region, home_region) and not agreement:
        reasons.append(
            "Une spécialité autre que la médecine générale, ou une subdivision d'une autre "
            "région, demande l'accord écrit de l'ARS concernée : joignez-le "
            f"({FAQ_OCCITANIE})."
        )
    return _verdict(reasons, bounds, sources, last_day=last)


def needs_agreement(specialty: str, region: str, home_region: str) -> bool:
    """Another ARS's written agreement is needed (FAQ ARS Occitanie 2024)."""
    return bool(specialty and specialty != GENERAL_MEDICINE) or bool(
        region and home_region and region != home_region
    )


def appeal_deadline(notified_on: date) -> date:
    """Last day of the contentious appeal against a decision: 2 months from its
    notification (code de justice administrative, art. R421-1; the notification states
    the routes and deadlines, art. R421-5). Same counting as the amicable appeal."""
    months = params.value("appeals.contentious_appeal_months", notified_on).value
    return add_months(notified_on, months)
