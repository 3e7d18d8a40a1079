"""REST API: every role × every endpoint, organisation tokens, strict input, no N+1."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from cesp.accounts.models import ApiToken
from cesp.contracts.models import ContractEvent
from tests.factories import ContractEventFactory, ContractFactory, api_token_for

pytestmark = pytest.mark.django_db

# role → (GET own, GET other, POST a DES on own)
MATRIX = {
    "anonymous": (401, 401, 401),
    "student": (200, 404, 403),
    "ufr_agent": (200, 404, 201),
    "commission": (200, 404, 403),
    "ars_referent": (200, 404, 403),
    "ars_director": (200, 404, 403),
    "ars_other": (404, 200, 404),
    "national": (200, 200, 201),
    "researcher": (404, 404, 404),
    "admin": (200, 200, 201),
}


def _client(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", MATRIX)
def test_permission_matrix(world, role):
    client = _client(world, role)
    get_own, get_other, post_own = MATRIX[role]
    own, other = world.own.pk, world.other.pk
    listing = client.get("/api/contracts/")
    assert listing.status_code == (401 if role == "anonymous" else 200)
    if role != "anonymous":
        ids = {item["id"] for item in listing.json()["items"]}
        assert ids == {c for c, code in ((own, get_own), (other, get_other)) if code == 200}
    assert client.get(f"/api/contracts/{own}").status_code == get_own
    assert client.get(f"/api/contracts/{other}").status_code == get_other
    assert client.get(f"/api/contracts/{own}/events").status_code == get_own
    assert client.get(f"/api/contracts/{other}/events").status_code == get_other
    response = client.post(
        f"/api/contracts/{own}/events",
        {"type": "des", "date": "2027-10-15"},
        content_type="application/json",
    )
    assert response.status_code == post_own, response.content
    assert ContractEvent.objects.count() == (1 if post_own == 201 else 0)
    assert client.get("/api/openapi.json").status_code == 200


def test_unknown_contract_is_404_like_out_of_scope(world):
    client = _client(world, "national")
    assert client.get("/api/contracts/999999").status_code == 404


@pytest.mark.parametrize(
    ("org", "sees_own", "sees_other"),
    [
        ("ufr_mtp", True, False),
        ("ars_bzh", False, True),
        ("national", True, True),
        ("research", False, False),
    ],
)
def test_organisation_token_scopes(world, org, sees_own, sees_other):
    raw = api_token_for(world.orgs[org])
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    codes = [client.get(f"/api/contracts/{c.pk}").status_code for c in (world.own, world.other)]
    assert codes == [200 if sees_own else 404, 200 if sees_other else 404]


def test_revoked_or_wrong_token_is_refused(world):
    token, raw = ApiToken.issue(world.orgs["national"], "ci")
    assert token.token_hash != raw and len(token.token_hash) == 64
    good = Client(headers={"Authorization": f"Bearer {raw}"})
    assert good.get("/api/contracts/").status_code == 200
    token.revoked_at = timezone.now()
    token.save()
    assert good.get("/api/contracts/").status_code == 401
    bad = Client(headers={"Authorization": "Bearer nope"})
    assert bad.get("/api/contracts/").status_code == 401


def test_token_writes_are_audited_under_the_token_label(world):
    raw = api_token_for(world.orgs["ufr_mtp"])
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post(
        f"/api/contracts/{world.own.pk}/events",
        {"type": "thesis", "date": "2027-12-10"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    from cesp.core.audit.models import AuditEntry

    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_label.startswith("jeton:ufr-montpellier#")


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"type": "des", "date": False}, ["body", "payload", "date"]),
        ({"type": "des", "date": 20271015}, ["body", "payload", "date"]),
        (
            {"type": "des", "date": "2027-10-15", "supersedes": False},
            ["body", "payload", "supersedes"],
        ),
        ({"type": "des", "date": "2027-10-15", "colour": "red"}, ["body", "payload", "colour"]),
        ({"type": "holiday", "date": "2027-10-15"}, ["body", "payload", "type"]),
        (
            {"type": "practice", "start": "2030-01-01", "zone_share": True},
            ["body", "payload", "zone_share"],
        ),
        ({"type": "des", "date": "2027-02-30"}, ["body", "payload", "date"]),
        ({"type": "suspension", "start": "2023-03-01"}, ["body", "payload", "end"]),
    ],
)
def test_strict_input_gives_422_with_the_field_path(world, body, loc):
    client = _client(world, "national")
    response = client.post(
        f"/api/contracts/{world.own.pk}/events", body, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert loc in [item["loc"] for item in response.json()["detail"]]
    assert not ContractEvent.objects.exists()


def test_evaluate_is_public_and_strict(db):
    client = Client()
    situation = {
        "profession": "medecine",
        "category": "second_cycle",
        "campaign_year": 2021,
        "signature_date": "2022-06-20",
    }
    bad = client.post(
        "/api/evaluate", {**situation, "campaign_year": False}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "payload", "campaign_year"]
    assert bad.json()["detail"][0]["msg"] == "nombre entier attendu"
    unknown = client.post(
        "/api/evaluate", {**situation, "colour": "red"}, content_type="application/json"
    )
    assert unknown.status_code == 422
    rules = client.post(
        "/api/evaluate", {**situation, "profession": "veterinaire"}, content_type="application/json"
    )
    assert rules.status_code == 422
    assert rules.json()["detail"][0]["loc"] == ["body", "payload", "profession"]
    response = client.post("/api/evaluate", situation, content_type="application/json")
    assert response.status_code in {200, 422}
    if response.status_code == 200:
        assert response.json()["regime"] == "post2020"


def test_list_endpoint_has_no_n_plus_one(world, django_assert_max_num_queries):
    for _ in range(30):
        contract = ContractFactory(ufr=world.orgs["ufr_mtp"])
        ContractEventFactory(contract=contract)
    client = _client(world, "national")
    # session, user, count, page, session save (3): constant whatever the page size
    with django_assert_max_num_queries(7):
        response = client.get("/api/contracts/?limit=50")
    assert response.json()["count"] == 32 and len(response.json()["items"]) == 32


def test_detail_endpoint_query_count_does_not_grow_with_events(
    world, django_assert_max_num_queries
):
    for _ in range(20):
        ContractEventFactory(contract=world.own, author=world.users["national"])
    client = _client(world, "national")
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/contracts/{world.own.pk}")
    assert response.status_code == 200
    assert len(response.json()["events"]) == 20


def test_list_filters(world):
    client = _client(world, "national")
    assert client.get("/api/contracts/?region=53").json()["count"] == 1
    assert client.get("/api/contracts/?ufr=ufr-montpellier").json()["count"] == 1
    assert client.get("/api/contracts/?campaign_year=2021").json()["count"] == 2
    assert client.get("/api/contracts/?campaign_year=2019").json()["count"] == 0
    assert client.get(f"/api/contracts/?q={world.own.reference}").json()["count"] == 1
    assert client.get("/api/contracts/?limit=0").status_code == 422
    for query, name in [
        ("colour=red", "colour"),
        ("campaign_year=2021.0", "campaign_year"),
        ("campaign_year=false", "campaign_year"),
        ("limit=true", "limit"),
    ]:
        response = client.get(f"/api/contracts/?{query}")
        assert response.status_code == 422, query
        assert ["query", name] in [item["loc"] for item in response.json()["detail"]]


def test_openapi_schema_and_docs_are_public_and_describe_the_endpoints(db):
    client = Client()
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/contracts/", "/api/contracts/{contract_id}", "/api/evaluate"):
        assert path in schema["paths"]
    assert schema["paths"]["/api/contracts/"]["get"]["security"]  # token or session
    assert "security" not in schema["paths"]["/api/evaluate"]["post"]  # public
    assert client.get("/api/docs").status_code == 200


def test_payments_are_shown_to_the_signatory_and_national_only(world):
    from tests.factories import PaymentFactory

    PaymentFactory(contract=world.own)
    for role, expected in [("student", 1), ("national", 1), ("ufr_agent", None)]:
        body = _client(world, role).get(f"/api/contracts/{world.own.pk}").json()
        shown = body["payments"]
        assert (len(shown) if shown is not None else None) == expected, role
        if shown:
            assert shown[0]["net"] == "1085.63" and shown[0]["month"] == "2021-10-01"


@pytest.mark.parametrize("role", ["student", "ufr_agent", "commission", "national"])
def test_every_contract_carries_the_callers_abilities(world, role):
    from cesp.contracts.permissions import abilities

    client = _client(world, role)
    expected = abilities(world.users[role], world.own)
    (item,) = [i for i in client.get("/api/contracts/").json()["items"] if i["id"] == world.own.pk]
    assert item["abilities"] == expected
    assert client.get(f"/api/contracts/{world.own.pk}").json()["abilities"] == expected
    assert expected["view"] and expected["record_event"] is (role in {"ufr_agent", "national"})


def test_a_token_gets_the_abilities_of_its_organisation(world):
    token = api_token_for(world.orgs["ufr_mtp"])
    client = Client(headers={"Authorization": f"Bearer {token}"})
    got = client.get(f"/api/contracts/{world.own.pk}").json()["abilities"]
    assert got["view"] and got["record_event"] and not got["view_payments"]
