"""Every role × every view of the web UI: 200, 302 (to login or own page) or 404.

Out-of-scope objects answer 404, never 403 (issue 3 §2): the answer must not reveal
that a contract exists.
"""

from __future__ import annotations

import pytest

VIEWS = [
    "home",
    "simulator",
    "list",
    "detail_own",
    "detail_other",
    "history_own",
    "history_other",
    "explanation_own",
    "event_types_own",
    "event_form_own",
    "export",
]

# expected status per user, in the order of VIEWS
MATRIX = {
    "anonymous": (200, 200, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "student": (200, 200, 302, 200, 404, 200, 404, 200, 404, 404, 404),
    "ufr_agent": (200, 200, 200, 200, 404, 200, 404, 200, 200, 200, 200),
    "commission": (200, 200, 200, 200, 404, 200, 404, 200, 404, 404, 404),
    "ars_referent": (200, 200, 200, 200, 404, 200, 404, 200, 200, 404, 200),
    "ars_director": (200, 200, 200, 200, 404, 200, 404, 200, 200, 404, 200),
    "ars_other": (200, 200, 200, 404, 200, 404, 200, 404, 404, 404, 200),
    "national": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "researcher": (200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "admin": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
}


def url_of(view: str, world) -> str:
    own, other = world.own.pk, world.other.pk
    return {
        "home": "/",
        "simulator": "/simulateur/",
        "list": "/contrats/",
        "detail_own": f"/contrats/{own}/",
        "detail_other": f"/contrats/{other}/",
        "history_own": f"/contrats/{own}/historique/",
        "history_other": f"/contrats/{other}/historique/",
        "explanation_own": f"/contrats/{own}/explication.txt",
        "event_types_own": f"/contrats/{own}/evenement/",
        # DES is a study event: UFR agents and national agents record it, ARS do not.
        "event_form_own": f"/contrats/{own}/evenement/des/",
        "export": "/contrats/export/?columns=reference&format=csv",
    }[view]


@pytest.mark.parametrize("who", list(MATRIX))
def test_every_view_answers_as_the_scope_of_the_role_says(client, world, who):
    if who != "anonymous":
        client.force_login(world.users[who])
    got = {view: client.get(url_of(view, world)).status_code for view in VIEWS}
    expected = dict(zip(VIEWS, MATRIX[who], strict=True))
    assert got == expected


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    response = client.get(f"/contrats/{world.own.pk}/")
    assert response["Location"] == f"/accounts/login/?next=/contrats/{world.own.pk}/"


def test_a_student_with_one_contract_lands_on_it(client, world):
    client.force_login(world.users["student"])
    response = client.get("/contrats/")
    assert response["Location"] == f"/contrats/{world.own.pk}/"
