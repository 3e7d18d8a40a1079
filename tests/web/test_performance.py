"""Performance guards of the contract list and page (issue 3, « Speed »): no N+1
queries, whatever the number of rows, events or filters. Timings are measured by
``bench/platform_bench.py``, never here; these tests count queries and check that the
faster markup says the same thing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cesp.contracts.forms import ContractFilterForm
from tests.factories import ContractEventFactory, ContractFactory

pytestmark = pytest.mark.django_db


def _many(world, n: int, prefix: str = "CESP-PERF") -> None:
    """``n`` contracts of UFR Montpellier with events and a breach on every third."""
    for i in range(n):
        contract = ContractFactory(reference=f"{prefix}-{i:04d}", ufr=world.orgs["ufr_mtp"])
        ContractEventFactory(contract=contract)
        ContractEventFactory(contract=contract, thesis=True)


def _queries(client, path: str, params: dict | None = None, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {}, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "in_studies"},
        {"phase": "studies", "region": "76"},
        {"q": "CESP", "profession": "medecine"},
    ],
    ids=["all", "status", "phase-region", "search"],
)
def test_list_queries_do_not_grow_with_rows_or_filters(
    client, world, params, django_assert_max_num_queries
):
    """Filtered by status or phase every candidate is evaluated, by facts only the page:
    either way three prefetch queries at most, not one per row."""
    client.force_login(world.users["national"])
    few = _queries(client, "/contrats/", params)
    _many(world, 30)
    many = _queries(client, "/contrats/", params)
    assert few == many
    # by status or phase: the candidates (instead of the count), + the facts of those
    # without a fresh projection (events, payments)
    extra = 2 if {"status", "phase"} & set(params) else 0
    with django_assert_max_num_queries(13 + extra):  # the UFR filter's choices: one query
        client.get("/contrats/", params)
    with django_assert_max_num_queries(12 + extra):  # htmx: the results fragment only
        client.get("/contrats/", params, HTTP_HX_REQUEST="true")


def test_list_rows_read_no_deferred_column(client, world):
    """The page loads only the columns it shows; reading another one would cost one query
    per row (what ``only()`` guards against): every cell is there, in a bounded count."""
    _many(world, 5)
    client.force_login(world.users["national"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/contrats/", {"q": "CESP-PERF"}).content.decode()
    assert not [
        q for q in queries if 'FROM "contracts_contract" WHERE' in q["sql"] and "= %s" in q["sql"]
    ]
    assert "CESP-PERF-0004" in html and "UFR Montpellier" in html
    assert "Occitanie" in html  # the region column (followup_region)


def test_export_with_a_status_filter_has_every_column_in_bounded_queries(
    client, world, django_assert_max_num_queries
):
    """Export reads more columns than the list (specialty, signature date): still loaded."""
    _many(world, 12)
    client.force_login(world.users["national"])
    columns = ["reference", "signatory", "ufr", "signature_date", "specialty", "status"]
    with django_assert_max_num_queries(12):
        response = client.get(
            "/contrats/export/", {"columns": columns, "format": "csv", "status": "in_studies"}
        )
    lines = response.content.decode().splitlines()
    assert len(lines) >= 13  # header + the 12 contracts in studies (at least)


def _options(html: str, name: str | None = None) -> list[tuple[str, bool]]:
    """(value, selected) of each option of the select ``name`` (or the only one)."""
    if name is not None:
        html = html.split(f'<select name="{name}"', 1)[1]
    html = html.split("</select>", 1)[0]
    found = re.findall(r'<option value="([^"]*)"( selected)?>', html)
    assert found, "no option rendered"
    return [(value, bool(selected)) for value, selected in found]


def test_filter_selects_keep_the_choice_and_show_errors_beside_the_field(client, world):
    """The filters are written out by hand for speed: same names, ids, labels, selection,
    and an invalid value reported beside its field in French."""
    client.force_login(world.users["national"])
    html = client.get(
        "/contrats/",
        {"status": "in_studies", "region": "76", "ufr": world.orgs["ufr_mtp"].pk},
    ).content.decode()
    assert '<label class="fr-label" for="id_status">Statut</label>' in html
    assert '<option value="in_studies" selected>' in html
    assert '<option value="76" selected>' in html
    assert f'<option value="{world.orgs["ufr_mtp"].pk}" selected>UFR Montpellier</option>' in html
    form = ContractFilterForm(
        {"status": "in_studies", "region": "76", "ufr": str(world.orgs["ufr_mtp"].pk)}
    )
    for name in ("status", "phase", "region", "ufr", "profession", "category"):
        django_widget = str(form[name])  # Django's own Select rendering, same choices
        assert _options(django_widget) == _options(html, name)
    bad = client.get("/contrats/", {"status": "inconnu"}).content.decode()
    assert 'class="fr-select-group fr-select-group--error"' in bad
    assert 'id="id_status" aria-invalid="true" aria-describedby="id_status-error"' in bad
    assert 'id="id_status-error"' in bad and "Sélectionnez un choix valide" in bad


def test_export_form_inputs_are_checked_as_the_form_says(client, world):
    client.force_login(world.users["national"])
    html = client.get("/contrats/").content.decode()
    assert (
        '<input type="checkbox" name="columns" value="reference" id="id_columns_0" checked>' in html
    )
    assert (
        '<input type="radio" name="format" value="csv" id="id_format_0" checked required>' in html
    )
    assert '<input type="radio" name="format" value="xlsx" id="id_format_1" required>' in html


def _squash(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def test_why_tag_writes_what_the_why_include_writes(world):
    """``{% why %}`` (Python, fast) and ``ui/why.html`` (templates) give the
    same markup for a real explanation: breach figures with parameters, sources, notes
    and nested steps, and special characters escaped the same way."""
    from django.template import Context, Template

    from cesp.contracts.figures import figures
    from cesp.core.ui.explain import steps_for

    ContractEventFactory(contract=world.own, type="breach", date=dt.date(2024, 3, 1))
    result = figures(world.own, dt.date(2024, 6, 1), explain=True)
    steps = steps_for(result, "breach") + steps_for(result, "status", "regime")
    assert sum(len(s.children) for s in steps) >= 2 and any(s.parameters for s in steps)
    label = "Pourquoi ces sommes dues ? <l'« arrêté » & co>"
    context = Context({"steps": steps, "label": label})
    by_include = Template(
        '{% include "ui/why.html" with steps=steps why_id="why-x" why_label=label %}'
    ).render(context)
    by_tag = Template('{% load cesp_why %}{% why steps "why-x" label %}').render(context)
    assert "&lt;l&#x27;« arrêté » &amp; co&gt;" in by_tag
    assert _squash(by_tag) == _squash(by_include)
    empty = Template('{% load cesp_why %}{% why steps "why-y" %}').render(Context({"steps": []}))
    assert empty == ""


def test_contract_page_queries_do_not_grow_with_events_and_show_every_why(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.users["national"])
    path = f"/contrats/{world.own.pk}/"
    html = client.get(path).content.decode()
    for why_id in ("why-allocation", "why-engagement", "why-breach-today", "why-status"):
        assert f'<details class="cesp-why" id="{why_id}">' in html
    few = _queries(client, path)
    for _ in range(20):
        ContractEventFactory(contract=world.own, author=world.users["ufr_agent"])
    assert _queries(client, path) == few
    with django_assert_max_num_queries(14):
        client.get(path)


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_memoised_summaries_equal_the_engine_and_follow_every_new_fact(client, world):
    """The list's memo (``figures``) is keyed on the whole situation and the date: the
    same figures as the engine, and a new event shows at once (never a stale figure)."""
    from cesp.contracts import figures, services
    from cesp.contracts.models import Contract
    from cesp.rules import evaluate

    figures.clear()
    today = dt.date(2026, 11, 24)  # the frozen day: the list page computes for it too

    def fresh():
        return Contract.objects.prefetch_related("events").get(pk=world.own.pk)

    (memo,) = figures.rows([fresh()], today)
    engine = evaluate(figures.situation_for(fresh(), today), as_of=today).to_dict(explain=False)
    assert memo.result == engine and memo.result["allocation"]["months"] > 0
    memo.result["allocation"]["months"] = -1  # a caller altering its copy…
    (again,) = figures.rows([fresh()], today)
    assert again.result == engine  # …does not alter the memo
    assert figures._summary.cache_info().hits == 1
    services.record_event(
        world.users["ufr_agent"],
        world.own,
        {"type": "suspension", "start": "2023-03-01", "end": "2023-06-30",
         "suspension_reason": "maternite", "reason": "Certificat reçu"},
    )  # fmt: skip
    (after,) = figures.rows([fresh()], today)
    assert after.result["allocation"]["months"] == engine["allocation"]["months"] - 4
    (other_day,) = figures.rows([fresh()], dt.date(2030, 1, 1))
    assert other_day.result["as_of"] != after.result["as_of"]
    client.force_login(world.users["national"])
    html = client.get("/contrats/", {"q": world.own.reference}).content.decode()
    assert f"<td>{after.result['allocation']['months']}</td>" in html


def test_a_situation_the_rules_refuse_is_reported_not_memoised(world):
    from cesp.contracts import figures
    from cesp.contracts.models import Contract

    ContractEventFactory(contract=world.own, type="breach", date=dt.date(2015, 1, 1))
    contract = Contract.objects.prefetch_related("events").get(pk=world.own.pk)
    (row,) = figures.rows([contract], dt.date(2026, 11, 24))
    assert row.result is None and row.error


@time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False)
def test_contract_page_evaluates_the_facts_once(client, world, monkeypatch):
    """The page's figures, explanation text and deadlines share one memoised evaluation of
    the facts; the breach what-if is the only other one. Shown again: none (the memo)."""
    from cesp.contracts import figures
    from cesp.rules import deadlines

    calls = []
    real = figures.evaluate

    def counting(situation, **kwargs):
        calls.append(situation)
        return real(situation, **kwargs)

    monkeypatch.setattr(figures, "evaluate", counting)
    monkeypatch.setattr(deadlines, "evaluate", counting)
    figures.clear()
    client.force_login(world.users["national"])
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert 'id="why-breach-today"' in html and 'id="why-allocation"' in html
    assert len(calls) == 2  # the facts, then the facts with a breach today
    assert not any(e["type"] == "breach" for e in calls[0]["events"])
    assert calls[1]["events"][-1]["type"] == "breach"
    client.get(f"/contrats/{world.own.pk}/")
    assert len(calls) == 2


def test_the_memo_keys_a_projection_on_today(world):
    """Figures on a later date are a projection from today: the memo keeps today in the
    key of such a result only, so it is never served from another day's projection."""
    from cesp.contracts import figures

    figures.clear()
    future = dt.date(2027, 6, 1)
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC), tick=False):
        assert figures.figures(world.own, future)["projected"] is True
        assert figures.figures(world.own, dt.date(2026, 1, 1))["projected"] is False
        past_key = figures.situation_key({"x": 1}, dt.date(2026, 1, 1))
    with time_machine.travel(dt.datetime(2027, 7, 1, 12, tzinfo=dt.UTC), tick=False):
        assert figures.figures(world.own, future)["projected"] is False
        assert figures.situation_key({"x": 1}, dt.date(2026, 1, 1)) == past_key
