"""The main menu, per role: what each kind of user reaches from every page.

Plain data (no Django request handling here) so that it is easy to test and to read.
Links to other apps' pages are given as paths, so that the menu does not break while
an app is still being built.
"""

from dataclasses import dataclass

from cesp.accounts.enums import Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    path: str


HOME = MenuItem("Accueil", "/")
CONTRACTS = MenuItem("Contrats", "/contrats/")
MY_CONTRACT = MenuItem("Mon contrat", "/contrats/")
TERRITORIES = MenuItem("Territoires et zonage", "/territoires/")
OBSERVATORY = MenuItem("Observatoire", "/observatoire/")
SIMULATOR = MenuItem("Simulateur", "/simulateur/")
ADMIN = MenuItem("Administration", "/admin/")

MENU_BY_ROLE: dict[str, tuple[MenuItem, ...]] = {
    Role.STUDENT: (HOME, MY_CONTRACT, SIMULATOR, TERRITORIES),
    Role.UFR_AGENT: (HOME, CONTRACTS, SIMULATOR),
    Role.COMMISSION_MEMBER: (HOME, CONTRACTS, SIMULATOR),
    Role.ARS_REFERENT: (HOME, CONTRACTS, TERRITORIES, SIMULATOR),
    Role.ARS_DIRECTOR: (HOME, CONTRACTS, TERRITORIES, OBSERVATORY, SIMULATOR),
    Role.NATIONAL_AGENT: (HOME, CONTRACTS, TERRITORIES, OBSERVATORY, SIMULATOR),
    Role.RESEARCHER: (HOME, OBSERVATORY, SIMULATOR),
    Role.ADMIN: (HOME, CONTRACTS, TERRITORIES, OBSERVATORY, SIMULATOR, ADMIN),
}
PUBLIC_MENU: tuple[MenuItem, ...] = (HOME, SIMULATOR)


def menu_for(user: object) -> tuple[MenuItem, ...]:
    """The menu of a user (anonymous users get the public menu)."""
    if not getattr(user, "is_authenticated", False):
        return PUBLIC_MENU
    return MENU_BY_ROLE.get(getattr(user, "role", ""), (HOME, SIMULATOR))
