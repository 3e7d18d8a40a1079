"""The public simulator: no login, French errors beside fields, figures from the engine.

Expected figures are checked twice: against the engine called directly on the same
situation (the view must not re-derive anything) and against the conventions of
interfaces.md §1 worked by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.rules import evaluate, parse_situation

pytestmark = pytest.mark.django_db

BASE = {
    "profession": "medecine",
    "category": "second_cycle",
    "campaign_year": "2021",
    "signature_date": "2022-06-20",
    "des_date": "2027-10-15",
    "thesis_date": "2027-12-10",
    "zone_share": "1",
}


def _amount(text: str) -> Decimal:
    """« 35 997,64 € » (French formatting, narrow no-break spaces) → Decimal."""
    number = re.search(r"[\d\u202f ]+,\d\d", text).group().replace("\u202f", "").replace(" ", "")
    return Decimal(number.replace(",", "."))


def _figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{re.escape(name)}">([^<]*)<', html)
    assert match, f"figure {name} absent"
    return match.group(1).strip()


def test_empty_simulator_is_public_and_has_labelled_fields(client):
    response = client.get("/simulateur/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("profession", "category", "campaign_year", "signature_date", "breach_date"):
        assert f'for="id_{name}"' in html and f'id="id_{name}"' in html
    assert "Remplissez le formulaire" in html


def test_months_and_totals_come_from_the_engine(client):
    html = client.get("/simulateur/", BASE).content.decode()
    # interfaces.md §1: effect 1 Oct 2021 (2nd cycle), in force through the later
    # diploma (thesis 2027-12-10): Oct 2021 .. Dec 2027 = 75 months; engagement
    # = max(75, 24) = 75; gross 75 × 1 200 €.
    assert _figure(html, "allocation.months") == "75 mois"
    assert _figure(html, "engagement.months_due") == "75 mois"
    assert _figure(html, "allocation.gross_total") == "90\u202f000,00 € bruts"
    direct = evaluate(
        parse_situation(
            {
                "profession": "medecine",
                "category": "second_cycle",
                "campaign_year": 2021,
                "signature_date": "2022-06-20",
                "events": [
                    {"type": "des", "date": "2027-10-15"},
                    {"type": "thesis", "date": "2027-12-10"},
                ],
            }
        ),
        as_of=dt.date(2027, 12, 10),
    ).to_dict()
    assert _amount(_figure(html, "allocation.net_total")) == Decimal(
        direct["allocation"]["net_total"]
    )
    assert "Pourquoi ?" in html
    assert "Arrêté du 27 juillet 2010" in html  # a source of the explanation


def test_a_future_diploma_is_a_projection_from_the_day_the_simulator_is_given():
    """The "carried through" scenario is computed at the thesis (2027-12-10): a projection
    seen from 2026, no longer one from 2028 — the simulator's day, not the clock's."""
    from cesp.web.simulator import SimulatorForm, simulate

    form = SimulatorForm(BASE)
    assert form.is_valid(), form.errors
    (before,) = simulate(form.cleaned_data, today=dt.date(2026, 11, 24))
    (after,) = simulate(form.cleaned_data, today=dt.date(2028, 1, 1))
    assert before.as_of == after.as_of == dt.date(2027, 12, 10)
    assert before.result["projected"] is True and after.result["projected"] is False


def test_breach_before_the_des_costs_refund_plus_penalty(client):
    html = client.get("/simulateur/", {**BASE, "breach_date": "2024-01-15"}).content.decode()
    # post2020, breach before the DES: months received Oct 2021 .. Jan 2024 = 28;
    # penalty = max(200 € × 28, 2 000 €) = 5 600 € (arrêté du 26 mai 2020, art. 1);
    # refund = 28 nets of 1 085,63 € (2018 rates) = 30 397,64 €. Total 35 997,64 €.
    assert _figure(html, "breach.total") == "35\u202f997,64 €"
    assert "Coût de la rupture" in html


def test_impossible_date_is_refused_beside_its_field_in_french(client):
    response = client.get("/simulateur/", {**BASE, "signature_date": "2023-02-30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_signature_date-error"' in html
    error = re.search(r'id="id_signature_date-error">([^<]*)<', html).group(1)
    assert error == "Saisissez une date valide."
    assert 'aria-invalid="true"' in html


def test_dates_before_signature_and_out_of_range_year_are_refused(client):
    html = client.get(
        "/simulateur/", {**BASE, "breach_date": "2020-01-01", "campaign_year": "1990"}
    ).content.decode()
    assert "Cette date doit être postérieure à la date de signature." in html
    assert "supérieure ou égale à 2010" in html


def test_htmx_request_gets_only_the_results(client):
    response = client.get("/simulateur/", BASE, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert _figure(html, "allocation.months") == "75 mois"


def test_part_time_in_zone_changes_the_months_served_at_the_chosen_date(client):
    """interfaces.md §1 / oracle T7: a month credits zone_share when ≥ 0.5, nothing below.
    Practice from 2028-01-01, date examined 2029-01-15: 13 first days of month
    (1 Jan 2028 … 1 Jan 2029), so 13 months full-time, 6.5 half-time, 0 at 40 %."""
    query = {**BASE, "practice_start": "2028-01-01", "breach_date": "2029-01-15"}
    full = client.get("/simulateur/", {**query, "zone_share": "1"}).content.decode()
    half = client.get("/simulateur/", {**query, "zone_share": "0.5"}).content.decode()
    low = client.get("/simulateur/", {**query, "zone_share": "0.4"}).content.decode()

    def served(html: str) -> str:
        section = html[html.index('id="sc-continue"') : html.index('id="sc-breach"')]
        return re.search(r"effectués : ([\d.,]+)", section).group(1)

    assert served(full) == "13"
    assert served(half) in {"6.5", "6,5"}
    assert served(low) == "0"


def test_a_suspension_during_studies_lowers_months_paid_and_owed(client):
    """interfaces.md §1: a suspension covers whole months from the month of `from`
    through the month of `to` — March..June 2023 = 4 months, neither paid nor owed."""
    html = client.get(
        "/simulateur/", {**BASE, "suspension_start": "2023-03-01", "suspension_end": "2023-06-30"}
    ).content.decode()
    assert _figure(html, "allocation.months") == "71 mois"
    assert _figure(html, "engagement.months_due") == "71 mois"


def test_a_suspension_needs_both_ends(client):
    html = client.get("/simulateur/", {**BASE, "suspension_start": "2023-03-01"}).content.decode()
    assert "Indiquez le début et la fin de la suspension." in html


def test_commune_gives_the_zone_and_the_aids_of_the_territories_finder(client):
    from cesp.territories.aids import aids_for

    query = {**BASE, "practice_start": "2028-01-01", "commune": "34172", "mode": "liberal"}
    html = client.get("/simulateur/", query).content.decode()
    expected = aids_for("34172", dt.date(2028, 1, 1), "medecine", "liberal").as_dict()
    assert "S'installer à Montpellier (34172)" in html
    for aid in expected["aids"]:
        assert aid["label"] in html
    for note in expected["notes"]:
        assert note.replace("'", "&#x27;") in html


def test_unknown_commune_is_refused_beside_the_field(client):
    html = client.get("/simulateur/", {**BASE, "commune": "99999"}).content.decode()
    assert "Aucune commune n&#x27;a le code « 99999 »" in html


days = st.dates(min_value=dt.date(2008, 1, 1), max_value=dt.date(2045, 12, 31))
optional_days = st.one_of(st.none(), days)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    profession=st.sampled_from(
        ["medecine", "odontologie", "pharmacie", "maieutique", "padhue_medecine"]
    ),
    category=st.sampled_from(["first_cycle", "second_cycle", "third_cycle", "padhue"]),
    campaign_year=st.integers(min_value=2005, max_value=2040),
    signature=days,
    des=optional_days,
    thesis=optional_days,
    practice=optional_days,
    breach=optional_days,
    share=st.sampled_from(["1", "0.8", "0.5", "0.4", ""]),
)
def test_property_any_answers_give_figures_or_a_french_message_never_a_crash(
    client, profession, category, campaign_year, signature, des, thesis, practice, breach, share
):
    """Bad input gets a clear message (issue 3, 'Bad input'): whatever a visitor types,
    the simulator answers 200 with either figures or a message, never a server error."""
    query = {
        "profession": profession,
        "category": category,
        "campaign_year": str(campaign_year),
        "signature_date": signature.isoformat(),
        "zone_share": share,
    }
    for name, value in (
        ("des_date", des),
        ("thesis_date", thesis),
        ("practice_start", practice),
        ("breach_date", breach),
    ):
        if value:
            query[name] = value.isoformat()
    response = client.get("/simulateur/", query)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'data-figure="allocation.months"' in html
        or "fr-error-text" in html
        or "Ces faits ne peuvent pas être calculés" in html
    )


PRACTICE = {**BASE, "practice_start": "2028-01-01"}


def _completion(html: str) -> dt.date:
    text = _figure(html, "engagement.completion")
    day, month, year = text.split()
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    return dt.date(int(year), months.index(month) + 1, int(day.removesuffix("er")))


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def test_projected_end_of_the_engagement_comes_from_the_rules(client):
    """The end shown is the rules' engagement_completion deadline on the start of practice."""
    from cesp.rules.deadlines import deadlines

    html = client.get("/simulateur/", PRACTICE).content.decode()
    situation = parse_situation(
        {
            "profession": "medecine",
            "category": "second_cycle",
            "campaign_year": 2021,
            "signature_date": "2022-06-20",
            "events": [
                {"type": "des", "date": "2027-10-15"},
                {"type": "thesis", "date": "2027-12-10"},
                {"type": "practice", "from": "2028-01-01", "to": None, "zone_share": 1.0},
            ],
        }
    )
    (expected,) = [
        f.value.date
        for f in deadlines(situation, dt.date(2028, 1, 1))
        if f.value.kind == "engagement_completion"
    ]
    assert _completion(html) == expected
    # 75 months due at full time from January 2028: the last month served is March 2034.
    assert expected == dt.date(2034, 3, 31)
    assert 'id="why-completion-through"' in html


def test_projected_end_at_part_time_is_prorated(client):
    """At half time in zone each month counts half (art. R631-24-6): twice as long."""
    full = _completion(client.get("/simulateur/", PRACTICE).content.decode())
    half = _completion(
        client.get("/simulateur/", {**PRACTICE, "zone_share": "0.5"}).content.decode()
    )
    start = dt.date(2028, 1, 1)
    assert _months_between(start, half) + 1 == 2 * (_months_between(start, full) + 1)


@pytest.mark.parametrize("months", [1, 6, 12])
def test_a_simulated_practice_suspension_pushes_the_end_back_by_its_length(client, months):
    full = _completion(client.get("/simulateur/", PRACTICE).content.decode())
    end = dt.date(2030, 1, 1) + dt.timedelta(days=31 * months)
    end = dt.date(end.year, end.month, 1) - dt.timedelta(days=1)
    query = {
        **PRACTICE,
        "practice_suspension_start": "2030-01-01",
        "practice_suspension_end": end.isoformat(),
    }
    html = client.get("/simulateur/", query).content.decode()
    assert _months_between(full, _completion(html)) == months
    assert "après la suspension d'exercice simulée" in html


def test_a_practice_suspension_of_thirteen_months_is_refused_with_the_text(client):
    query = {
        **PRACTICE,
        "practice_suspension_start": "2030-01-01",
        "practice_suspension_end": "2031-01-31",
    }
    html = client.get("/simulateur/", query).content.decode()
    assert 'data-figure="engagement.completion"' not in html
    assert "Ces faits ne peuvent pas être calculés" in html


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"practice_suspension_start": "2030-01-01"}, "practice_suspension_end",
         "Indiquez le début et la fin de la suspension d'exercice."),
        ({"practice_suspension_start": "2027-01-01", "practice_suspension_end": "2027-03-31"},
         "practice_suspension_start",
         "La suspension d&#x27;exercice commence après le début d&#x27;exercice."),
    ],
)  # fmt: skip
def test_practice_suspension_fields_are_checked_in_french(client, extra, field, message):
    html = client.get("/simulateur/", {**PRACTICE, **extra}).content.decode()
    assert message.replace("'", "&#x27;") in html or message in html
    assert f'id="id_{field}"' in html


def test_the_regime_is_named_in_french_never_by_its_code(client):
    html = client.get("/simulateur/", BASE).content.decode()
    assert "régime de 2020 (décret 2020-268)" in html
    assert "post2020" not in html
