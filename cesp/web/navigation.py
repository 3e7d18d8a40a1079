"""The main menu and the user-level links: each entry declares the predicate that
decides whether the user can open it, so the menu and the home pages never show a
link that answers 404 or 403 (issue 12 §2, "links follow the user's rights").

The menu is one ordered declaration; ``menu_for`` keeps the entries the user may
open. Home pages read the same answers through ``user_abilities``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cesp.accounts.enums import Role
from cesp.accounts.permissions import can_open_admin, is_active_user
from cesp.breach.services import opens_menu as opens_breach_menu
from cesp.contracts.permissions import can_export, can_list_contracts
from cesp.core.jobs.permissions import can_view_jobs
from cesp.core.notifications.permissions import can_read_mailbox
from cesp.followup.permissions import can_open_followup
from cesp.observatory.permissions import can_view_observatory
from cesp.offers.permissions import can_follow_offers, has_offers
from cesp.payments.permissions import can_view_runs
from cesp.payments.readers import can_view_delays, can_view_own_allocations
from cesp.requests.permissions import can_open_requests
from cesp.selection.permissions import can_open_selection
from cesp.territories.permissions import can_lookup

from .space import is_signatory


def _anyone(user: object) -> bool:
    return True


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    path: str
    opens: Callable[[object], bool]


HOME = MenuItem("home", "Accueil", "/", _anyone)
OFFERS = MenuItem("offers", "Offres de contrat", "/offres/", can_follow_offers)
MY_OFFER = MenuItem("my_offer", "Mon offre de contrat", "/offres/mon-offre/", has_offers)
SPACE = MenuItem("space", "Mon espace", "/mon-espace/", is_signatory)
CONTRACTS = MenuItem("contracts", "Contrats", "/contrats/", can_list_contracts)
SELECTION = MenuItem("selection", "Sélection", "/selection/", can_open_selection)
BREACH = MenuItem("breach", "Ruptures", "/ruptures/", opens_breach_menu)
REQUESTS = MenuItem("requests", "Demandes", "/demandes/", can_open_requests)
TERRITORIES = MenuItem("territories", "Territoires et zonage", "/territoires/", can_lookup)
MY_ALLOCATIONS = MenuItem(
    "payments_mine", "Mes allocations", "/paiements/mes-allocations/", can_view_own_allocations
)
PAYMENT_RUNS = MenuItem("payments_runs", "Versements", "/paiements/versements/", can_view_runs)
PAYMENT_DELAYS = MenuItem(
    "payments_delays", "Délais de versement", "/paiements/retards/", can_view_delays
)
FOLLOWUP = MenuItem("followup", "Suivi", "/suivi/", can_open_followup)
OBSERVATORY = MenuItem("observatory", "Observatoire", "/observatoire/", can_view_observatory)
SIMULATOR = MenuItem("simulator", "Simulateur", "/simulateur/", _anyone)
MESSAGES = MenuItem("messages", "Messages", "/notifications/boite/", can_read_mailbox)
JOBS = MenuItem("jobs", "Tâches", "/taches/", can_view_jobs)
ADMIN = MenuItem("admin", "Administration", "/admin/", can_open_admin)

#: The menu, in its order; each user sees the entries they may open.
MENU: tuple[MenuItem, ...] = (
    HOME,
    SPACE,
    MY_OFFER,
    OFFERS,
    CONTRACTS,
    MY_ALLOCATIONS,
    PAYMENT_RUNS,
    PAYMENT_DELAYS,
    SELECTION,
    BREACH,
    REQUESTS,
    TERRITORIES,
    FOLLOWUP,
    OBSERVATORY,
    SIMULATOR,
    MESSAGES,
    JOBS,
    ADMIN,
)
#: Anonymous visitors: the public pages only.
PUBLIC_MENU: tuple[MenuItem, ...] = (HOME, SIMULATOR)

#: Labels that read better for one role (a signatory has "their" contract).
LABEL_FOR_ROLE: dict[tuple[str, str], str] = {
    ("contracts", Role.STUDENT): "Mon contrat",
    ("selection", Role.STUDENT): "Ma candidature",
    ("breach", Role.STUDENT): "Ma procédure de rupture",
    ("followup", Role.STUDENT): "Mon suivi",
    ("requests", Role.STUDENT): "Mes demandes",
}

#: User-level actions that are not menu entries, read by the home pages.
ACTIONS: dict[str, Callable[[object], bool]] = {"export": can_export}


def user_abilities(user: object) -> dict[str, bool]:
    """What ``user`` may open, one boolean per menu entry and action (all False but
    the public pages for anonymous users)."""
    if not is_active_user(user):
        public = {item.key for item in PUBLIC_MENU}
        return {item.key: item.key in public for item in MENU} | dict.fromkeys(ACTIONS, False)
    return {item.key: bool(item.opens(user)) for item in MENU} | {
        key: bool(allowed(user)) for key, allowed in ACTIONS.items()
    }


def menu_for(user: object) -> tuple[MenuItem, ...]:
    """The menu of a user: the entries they may open (anonymous users: the public menu)."""
    if not is_active_user(user):
        return PUBLIC_MENU
    role = getattr(user, "role", "")
    return tuple(
        MenuItem(item.key, LABEL_FOR_ROLE.get((item.key, role), item.label), item.path, item.opens)
        for item in MENU
        if item.opens(user)
    )
