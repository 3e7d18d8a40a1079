"""Demo of the offers: the Montpellier 2026-2027 campaign, after ``load_demo_selection``.

The selection's demo posts and transmits the odontology lists (second cycle) but imports
no quota arrêté: the offers wait for it (R631-24-5; D6). The ``national`` account imports
the sample arrêté shipped here (``demo/quotas-montpellier-2026-odontologie.csv``: 2
contracts) on the selection's import page, then starts the offers on « Offres de contrat »
and watches them go out; the first candidate of the principal list (given the password
``demo`` here) sees their offer, its deadline, and answers it.
Idempotent: loading it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cesp.accounts.models import Organisation, User
from cesp.selection import lists

UFR_CODE = "ufr-montpellier"
YEAR = 2026
QUOTA_FILE = Path(__file__).parent / "demo" / "quotas-montpellier-2026-odontologie.csv"


@dataclass
class Summary:
    skipped: str = ""
    lists_waiting: int = 0
    candidate: str = ""


def load() -> Summary:
    if not settings.CESP_DEMO_MODE:
        return Summary(skipped="mode démonstration désactivé")
    ufr = Organisation.objects.filter(code=UFR_CODE).first()
    campaign = lists.campaign_for(ufr.pk, YEAR) if ufr else None
    if campaign is None:
        return Summary(skipped="campagne de sélection Montpellier 2026-2027 absente")
    waiting = [
        p
        for p in lists.published_lists(campaign)
        if lists.quota_published_on(campaign, p.category, p.profession) is None
    ]
    summary = Summary(lists_waiting=len(waiting))
    for published in waiting:
        if published.profession != "odontologie" or not published.principal:
            continue
        first = User.objects.get(pk=published.principal[0].candidate_id)
        if not first.has_usable_password():  # the selection's demo candidates have none
            first.set_password("demo")
            first.save(update_fields=["password"])
        summary.candidate = first.username
    return summary
