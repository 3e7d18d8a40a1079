"""Links follow the user's rights (issue 12 §2): every link shown to a user — on their
home page, in their menu, on a contract page they can open — answers 200 to them.

The UFR and commission homes used to link to the observatory, which answers 404 to them.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
import time_machine

from cesp.contracts import permissions
from cesp.contracts.enums import EventType
from cesp.web.navigation import MENU, menu_for, user_abilities
from tests.factories import ContractEventFactory

ROLES = [
    "student",
    "ufr_agent",
    "commission",
    "ars_referent",
    "ars_director",
    "ars_other",
    "national",
    "researcher",
    "admin",
]
#: Links that are not pages to open with GET (logout is a POST form).
NOT_PAGES = ("/accounts/logout/",)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def internal_links(html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if not url or parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        if url.startswith(NOT_PAGES):
            continue
        found.add(url)
    return found


def assert_every_link_opens(client, page: str) -> set[str]:
    response = client.get(page, follow=True)
    assert response.status_code == 200, page
    links = internal_links(response.content.decode())
    broken = {}
    for url in sorted(links):
        status = client.get(url, follow=True).status_code
        if status != 200:
            broken[url] = status
    assert broken == {}, f"links on {page} that do not open"
    return links


@pytest.fixture
def facts(zoning_change, competing_choices):
    """Events, a zoning change and competing place choices on the own contract, so that
    homes and the contract page list them (and their links)."""
    world = zoning_change
    ContractEventFactory(
        contract=world.own,
        type=EventType.SUSPENSION,
        date=None,
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 4, 30),
        suspension_reason="maladie",
    )
    ContractEventFactory(contract=world.own, type=EventType.THESIS, date=dt.date(2025, 7, 10))
    return world


@time_machine.travel(dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("who", ROLES)
def test_every_link_on_the_home_page_and_menu_opens(client, facts, who):
    user = facts.users[who]
    client.force_login(user)
    links = assert_every_link_opens(client, "/")
    menu = {item.path for item in menu_for(user)}
    assert menu <= links  # the menu is on the page, so it was followed too
    if who == "ars_director":  # the place choices to decide and the touched signatory
        assert {"/territoires/lieux/?region=76", f"/contrats/{facts.own.pk}/"} <= links


@time_machine.travel(dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("who", ROLES)
def test_every_link_on_a_contract_page_opens(client, facts, who):
    user = facts.users[who]
    contract = facts.own if permissions.can_view_contract(user, facts.own) else facts.other
    if not permissions.can_view_contract(user, contract):
        pytest.skip("no contract page for this role")
    client.force_login(user)
    assert_every_link_opens(client, f"/contrats/{contract.pk}/")


@pytest.mark.parametrize("who", ROLES)
def test_the_menu_is_what_the_user_may_open(client, world, who):
    """Menu entries left out answer 404 (or send elsewhere): nothing openable is hidden
    by accident, nothing hidden is reachable."""
    user = world.users[who]
    client.force_login(user)
    shown = {item.path for item in menu_for(user)}
    can = user_abilities(user)
    for item in MENU:
        assert (item.path in shown) is can[item.key]
        if item.path not in shown:
            assert client.get(item.path).status_code in {302, 404}, item.path


def test_ufr_and_commission_homes_do_not_offer_the_observatory(client, world):
    for who in ("ufr_agent", "commission"):
        client.force_login(world.users[who])
        html = client.get("/").content.decode()
        assert 'href="/observatoire/"' not in html
        assert client.get("/observatoire/").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "student",
            {
                "view",
                "view_history",
                "view_payments",
                "view_attestation",
                "declare_project",
                "view_followup",
            },
        ),
        ("ufr_agent", {"view", "view_history", "record_event", "view_attestation"}),
        ("commission", {"view", "view_history", "view_attestation"}),
        (
            "ars_referent",
            {
                "view",
                "view_history",
                "record_event",
                "view_attestation",
                "declare_project",
                "view_followup",
                "manage_followup",
                "breach",
            },
        ),
        ("ars_other", set()),
        ("researcher", set()),
        ("national", {*permissions.CONTRACT_ABILITIES}),
    ],
)
def test_abilities_of_each_role_on_a_contract(world, who, expected):
    got = world.own.abilities(world.users[who])
    assert set(got) == set(permissions.CONTRACT_ABILITIES)
    assert {name for name, allowed in got.items() if allowed} == expected


@time_machine.travel(dt.datetime(2025, 5, 26, 10, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    "who", ["student", "ufr_agent", "commission", "ars_director", "researcher"]
)
def test_every_link_on_each_menu_page_opens(client, facts, who):
    """One level further: the pages of the menu (contracts, territories, observatory…)
    show only links their reader may follow (one role per kind of scope: the pages are
    many, and each is followed)."""
    user = facts.users[who]
    client.force_login(user)
    for item in menu_for(user):
        if item.path not in {"/", "/admin/"}:  # the home is above; the admin is Django's
            assert_every_link_opens(client, item.path)
