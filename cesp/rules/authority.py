"""Which national manager is competent for a contract at a date (décret 2025-270 art. 3).

- Contracts concluded from 26 March 2025: the *autorité administrative* (art. 3 I,
  D631-24-18) — the ASP according to the ARS Occitanie FAQ (open question Q16).
- Contracts concluded before: the Centre national de gestion (CNG) until 31 December
  2025; from 1 January 2026 the autorité administrative takes over its rights and
  obligations (art. 3 II).
- Litigation on those contracts filed until 31 December 2025 stays with the CNG, even
  when judged later (art. 3 III).

Oracles T49 (contract concluded before 2025-03-26, date 2026-01-05: autorité
administrative) and T50 (same contract, litigation filed 2025-12-15: CNG).
"""

from __future__ import annotations

from datetime import date

from cesp.rules import params
from cesp.rules.errors import ParameterError, SituationError
from cesp.rules.explain import Figure, Rejected, Step, choice_link

SOURCE = "Décret n° 2025-270 du 24 mars 2025, art. 3"
LABELS = {
    "cng": "Centre national de gestion (CNG)",
    "autorite_administrative": "autorité administrative (ASP)",
}
CHOICE_Q16 = (
    "Q16 — l'autorité administrative est l'ASP selon la FAQ ARS Occitanie ; l'art. D631-24-18 "
    f"n'a pas été lu ({choice_link('q16')})"
)


def cng_litigation_limit() -> params.ParamValue:
    """The last day a litigation on a contract concluded before 26 March 2025 may be filed
    and stay with the CNG (décret 2025-270 art. 3 III): a boundary, whatever the date."""
    return params.all_parameters()["authority.cng_litigation_until"].values[-1]


def competent_manager(
    signature_date: date, on: date, litigation_filed: date | None = None
) -> Figure[str]:
    """``cng`` or ``autorite_administrative``: who manages the contract on ``on``.

    With ``litigation_filed``, who is competent for that litigation.
    """
    if signature_date > on and litigation_filed is None:
        raise SituationError("on", on.isoformat(), SOURCE, "date antérieure à la signature")
    try:
        new_contracts = params.value("authority.manager_for_new_contracts", signature_date)
    except ParameterError:
        raise SituationError(
            "signature_date",
            signature_date.isoformat(),
            "Décret n° 2010-735 du 29 juin 2010",
            "aucun CESP avant juillet 2010",
        ) from None
    used = [new_contracts]
    rejected: list[Rejected] = []
    if new_contracts.value == "autorite_administrative":
        manager = "autorite_administrative"
        branch = "contrat conclu à compter du 26/03/2025 : géré par l'autorité administrative"
        rejected.append(Rejected("CNG", "le contrat est conclu sous le décret 2025-270"))
    elif litigation_filed is not None:
        limit = cng_litigation_limit()
        used.append(limit)
        if litigation_filed <= limit.value:
            manager = "cng"
            branch = (
                f"contentieux introduit le {litigation_filed.strftime('%d/%m/%Y')}, au plus "
                f"tard le {limit.value.strftime('%d/%m/%Y')} : le CNG reste compétent"
            )
            rejected.append(
                Rejected("autorité administrative", "le CNG garde les contentieux introduits")
            )
        else:
            existing = params.value("authority.manager_for_existing_contracts", litigation_filed)
            used.append(existing)
            manager = existing.value
            branch = (
                f"contentieux introduit le {litigation_filed.strftime('%d/%m/%Y')}, après le "
                f"{limit.value.strftime('%d/%m/%Y')} : {LABELS[manager]}"
            )
            rejected.append(Rejected("CNG", "contentieux introduit après le 31/12/2025"))
    else:
        existing = params.value("authority.manager_for_existing_contracts", on)
        used.append(existing)
        manager = existing.value
        if manager == "cng":
            branch = "contrat conclu avant le 26/03/2025 : le CNG le gère jusqu'au 31/12/2025"
            rejected.append(Rejected("autorité administrative", "reprise au 01/01/2026"))
        else:
            branch = (
                "contrat conclu avant le 26/03/2025 : l'autorité administrative reprend les "
                "droits et obligations du CNG depuis le 01/01/2026"
            )
            rejected.append(Rejected("CNG", "compétence transférée au 01/01/2026"))
    step = Step(
        figure="gestionnaire.competent",
        value=manager,
        rule=(
            "Le gestionnaire dépend de la date de conclusion du contrat, de la date "
            "considérée et, pour un contentieux, de la date où il a été introduit."
        ),
        branch=branch,
        rejected=tuple(rejected),
        parameters=tuple(used),
        sources=(SOURCE,),
        choice=CHOICE_Q16 if manager == "autorite_administrative" else "",
    )
    return Figure(manager, step)
