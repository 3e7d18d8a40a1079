"""The live indicators of issue 11 item 8 on a known dataset: referents, answers to
messages, zoning changes one by one, offers' outcomes; masked in publication mode."""

from __future__ import annotations

import copy
import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import read_cohort_text
from cesp.observatory.indicators import (
    OFFER_OUTCOMES,
    PlatformFacts,
    answer_delay,
    first_payment_delay,
    informed_of_zoning_change,
    live_indicators,
    offer_outcomes,
    with_referent,
)
from cesp.observatory.live_view import cards
from cesp.observatory.privacy import publication
from cesp.observatory.synth import write_synthetic
from cesp.observatory.tables import report_tables

AS_OF = date(2024, 12, 31)
CHANGE_A = ("Arrêté ARS Occitanie 2024 (Occitanie)", date(2024, 5, 16))
CHANGE_B = ("Arrêté ARS Bretagne 2024 (Bretagne)", date(2024, 9, 1))


def _people(prefix: str, told: int, not_told: int) -> dict[str, bool]:
    return {f"{prefix}{i}": i < told for i in range(told + not_told)}


def known_facts() -> PlatformFacts:
    """40 signatories, 30 with a referent; 12 messages, 10 answered in 1…10 days; change
    A touched 30 (28 told), change B 5 (5 told); 70 offers (3 lapsed)."""
    return PlatformFacts(
        referents=_people("R", 30, 10),
        answer_delays=[*range(1, 11), None, None],
        zoning_by_change=[
            (*CHANGE_A, _people("A", 28, 2)),
            (*CHANGE_B, _people("B", 5, 0)),
        ],
        offer_outcomes={"signed": 40, "declined": 12, "lapsed": 3, "withdrawn": 0, "pending": 15},
        first_payment={
            "scope": "test",
            "as_of": "2026-12-31",
            "alert_days": 45,
            "watch_since": "2026-01-01",
            "contracts": 60,
            "paid": 48,
            "waiting": 4,
            "overdue": 8,
            "days_to_first_payment": {
                "n": 48,
                "median": 31,
                "mean": 36.5,
                "max": 120,
                "within_alert_days": 40,
            },
        },
    )


def _by_id(indicators: list[dict]) -> dict[str, dict]:
    return {i["id"]: i for i in indicators}


def test_share_with_a_referent():
    result = with_referent(known_facts())
    assert (result["named"], result["n"], result["value"]) == (30, 40, 0.75)


def test_answers_to_messages_share_and_delay():
    result = answer_delay(known_facts())
    assert (result["answered"], result["n"], result["value"]) == (10, 12, 0.8333)
    assert result["delay_days"]["n"] == 10
    assert result["delay_days"]["mean"] == 5.5 and result["delay_days"]["median"] == 5.5


def test_zoning_changes_one_by_one_and_overall_on_pairs():
    result = informed_of_zoning_change(known_facts())
    assert (result["informed"], result["n"], result["value"]) == (33, 35, 0.9429)
    first, second = result["by_change"]
    assert (first["label"], first["valid_from"]) == (CHANGE_A[0], "2024-05-16")
    assert (first["informed"], first["n"], first["value"]) == (28, 30, 0.9333)
    assert (second["informed"], second["n"], second["value"]) == (5, 5, 1.0)


def test_offer_outcomes_are_counts():
    result = offer_outcomes(known_facts())
    assert result["n"] == 70 and result["value"] is None
    assert result["outcomes"] == {
        "signed": 40,
        "countersigned": 0,
        "declined": 12,
        "lapsed": 3,
        "withdrawn": 0,
        "pending": 15,
    }


def test_first_payment_delay_from_the_payments_app():
    result = first_payment_delay(known_facts())
    assert (result["within"], result["n"], result["value"]) == (40, 48, 0.8333)
    assert result["delay_days"] == {"n": 48, "mean": 36.5, "sd": None, "median": 31.0}
    assert (result["contracts"], result["waiting"], result["overdue"]) == (60, 4, 8)


def test_each_indicator_says_why_when_its_module_is_absent():
    facts = PlatformFacts(
        missing_because={"referents": "pas de référents", "offers": "pas d'offres"}
    )
    found = _by_id(live_indicators(facts, AS_OF))
    assert found["with_referent"] == {
        "id": "with_referent",
        "label": "Part des signataires ayant un référent ARS nommé",
        "available": False,
        "value": None,
        "why": "pas de référents",
    }
    assert found["offer_outcomes"]["why"] == "pas d'offres"
    assert found["answer_delay"]["available"] is False


@pytest.fixture(scope="module")
def published() -> dict:
    buffer = io.StringIO()
    write_synthetic(buffer, 300, seed=3)
    report = analyse(read_cohort_text(buffer.getvalue(), strict=True).rows, as_of=AS_OF)
    report["indicators"] = live_indicators(known_facts(), AS_OF)
    return publication(report)


def _counts(node, path=()):
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, dict | list):
            yield from _counts(value, (*path, key))
        elif isinstance(value, int) and not isinstance(value, bool):
            yield (*path, key), value


def test_publication_masks_every_small_count_and_what_gives_it_back(published):
    indicators = _by_id(published["indicators"])
    shown = dict(_counts({"indicators": published["indicators"]}))
    assert not {path: v for path, v in shown.items() if 1 <= v <= 10}
    # 30 of 40 with a referent: 10 without, a small complement — the count and the share go
    referent = indicators["with_referent"]
    assert referent["n"] == 40 and referent["named"] is None and referent["value"] is None
    # 10 answered messages: their delays are masked (fewer than 11), the share too
    answers = indicators["answer_delay"]
    assert answers["answered"] is None and answers["value"] is None
    assert answers["delay_days"]["mean"] is None and answers["delay_days"]["median"] is None
    # change B touched 5 people: masked; change A's 2 not told give its share away
    first, second = indicators["informed_of_zoning_change"]["by_change"]
    assert second["n"] is None and second["informed"] is None and second["value"] is None
    assert first["value"] is None
    # the pairs' total (35, published) minus change A would give B back: A goes too
    total = indicators["informed_of_zoning_change"]
    assert total["n"] == 35 and first["n"] is None and total["informed"] is None
    # 3 lapsed offers: masked, and the smallest other outcome (12 declined) with them, so
    # that the published total of 70 does not give the 3 back
    outcomes = indicators["offer_outcomes"]["outcomes"]
    assert indicators["offer_outcomes"]["n"] == 70
    assert (outcomes["lapsed"], outcomes["declined"]) == (None, None)
    assert (outcomes["signed"], outcomes["pending"]) == (40, 15)
    # 4 and 8 contracts waiting for their first payment: masked (together 12: the paid
    # count stays); 40 of 48 paid within target leaves 8: the share goes
    first = indicators["first_payment_delay"]
    assert first["contracts"] == 60 and first["waiting"] is None and first["overdue"] is None
    assert first["n"] == 48 and first["within"] is None and first["value"] is None
    assert first["alert_days"] == 45  # a setting, not a count
    assert first["delay_days"]["mean"] == 36.5
    assert outcomes["withdrawn"] == 0  # 0 reveals nobody


def test_internal_mode_shows_everything():
    report = {"indicators": live_indicators(known_facts(), AS_OF)}
    shown = cards(report)
    by_id = {c.id: c for c in shown}
    assert by_id["with_referent"].value == "75,0 %"
    assert "30 avec référent sur 40" in by_id["with_referent"].lines
    assert by_id["answer_delay"].lines[-1] == "délai moyen : 5,5 jours ; médian : 5,5 jours"
    assert any(
        "16/05/2024 : 93,3 % informés (28 sur 30)" in line
        for line in by_id["informed_of_zoning_change"].lines
    )
    assert by_id["offer_outcomes"].value == "70 offres"
    assert by_id["first_payment_delay"].value == "83,3 %"
    assert "40 payés dans le délai cible sur 48" in by_id["first_payment_delay"].lines
    assert "Offres caduques (délai dépassé) : 3" in by_id["offer_outcomes"].lines
    assert by_id["seen_by_referent_12m"].available is False


def test_the_cards_and_tables_say_masked(published):
    by_id = {c.id: c for c in cards(published)}
    assert by_id["with_referent"].value == "masqué"
    assert "Offres caduques (délai dépassé) : masqué" in by_id["offer_outcomes"].lines
    table = next(t for t in report_tables(published) if t.slug == "indicateurs")
    labels = [row[0] for row in table.rows]
    assert "— Arrêté ARS Occitanie 2024 (Occitanie), en vigueur le 16/05/2024" in labels
    assert "— Offres caduques (délai dépassé)" in labels


# --- property: whatever the facts, publication shows no small count nor gives one back


@pytest.fixture(scope="module")
def base_report() -> dict:
    buffer = io.StringIO()
    write_synthetic(buffer, 120, seed=5)
    return analyse(read_cohort_text(buffer.getvalue(), strict=True).rows, as_of=AS_OF)


def _first(sizes: tuple[int, int, int]) -> dict:
    """A payments delay indicator: ``paid`` (half within target), waiting, overdue."""
    paid, waiting, overdue = sizes
    return {
        "alert_days": 45,
        "watch_since": "2026-01-01",
        "contracts": paid + waiting + overdue,
        "paid": paid,
        "waiting": waiting,
        "overdue": overdue,
        "days_to_first_payment": {
            "n": paid,
            "median": 30 if paid else None,
            "mean": 30.0 if paid else None,
            "within_alert_days": paid // 2,
        },
    }


PEOPLE = st.dictionaries(st.text("abcdefghij", min_size=1, max_size=3), st.booleans(), max_size=40)
FACTS = st.builds(
    PlatformFacts,
    referents=st.one_of(st.none(), PEOPLE),
    answer_delays=st.one_of(
        st.none(), st.lists(st.one_of(st.none(), st.floats(0, 90)), max_size=40)
    ),
    zoning_by_change=st.one_of(
        st.none(),
        st.lists(st.tuples(st.just("Arrêté"), st.just(date(2024, 1, 1)), PEOPLE), max_size=4),
    ),
    offer_outcomes=st.one_of(
        st.none(), st.dictionaries(st.sampled_from(list(OFFER_OUTCOMES)), st.integers(0, 40))
    ),
    first_payment=st.one_of(
        st.none(),
        st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40)).map(_first),
    ),
)


def _sum_rule(raw_total, raw_parts, shown_total, shown_parts) -> None:
    """A published total's masked parts: never exactly one, never adding up to 1–10."""
    masked = [raw for raw, shown in zip(raw_parts, shown_parts, strict=True) if shown is None]
    if shown_total is None:
        masked.append(raw_total)
        assert len(masked) != 1
        return
    assert len(masked) != 1 or masked[0] == 0
    assert not 1 <= sum(masked) <= 10


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facts=FACTS)
def test_publication_of_the_live_indicators_never_gives_a_small_count(base_report, facts):
    report = copy.deepcopy(base_report)
    report["indicators"] = live_indicators(facts, AS_OF)
    out = _by_id(publication(report)["indicators"])
    raw = _by_id(report["indicators"])
    shown = dict(_counts(list(out.values())))
    assert not {path: v for path, v in shown.items() if 1 <= v <= 10}
    for key, indicator in raw.items():
        if not indicator["available"]:
            continue
        published = out[key]
        part = next(
            (k for k in ("named", "informed", "answered", "within") if k in indicator), None
        )
        if published["value"] is not None and part:
            n, numerator = indicator["n"], indicator[part]
            assert n >= 11 and not 1 <= numerator <= 10 and not 1 <= n - numerator <= 10
        if key == "offer_outcomes":
            names = list(indicator["outcomes"])
            _sum_rule(
                indicator["n"],
                [indicator["outcomes"][k] for k in names],
                published["n"],
                [published["outcomes"][k] for k in names],
            )
        for field_ in ("n", "informed"):
            changes = indicator.get("by_change") or []
            if changes:
                _sum_rule(
                    indicator[field_],
                    [c[field_] for c in changes],
                    published[field_],
                    [c[field_] for c in published["by_change"]],
                )
        if key == "first_payment_delay":
            _sum_rule(
                indicator["contracts"],
                [indicator[k] for k in ("n", "waiting", "overdue")],
                published["contracts"],
                [published[k] for k in ("n", "waiting", "overdue")],
            )
        if "delay_days" in indicator and published["delay_days"]["mean"] is not None:
            assert indicator["delay_days"]["n"] >= 11


def test_internal_mode_says_nothing_to_compute_rather_than_masked():
    """No contract paid yet: the share has no denominator — « — », not « masqué »."""
    facts = PlatformFacts(first_payment={**_first((0, 0, 1)), "watch_since": "2026-01-01"})
    report = {"indicators": live_indicators(facts, AS_OF), "privacy": {"mode": "internal"}}
    first = next(c for c in cards(report) if c.id == "first_payment_delay")
    assert first.value == "—" and "délai moyen : — ; médian : —" in first.lines
    assert "1 contrats suivis" in first.lines[-1] and "masqué" not in " ".join(first.lines)


def test_specialties_table_names_specialties_in_french(base_report) -> None:
    report = {
        **base_report,
        "phases": {**base_report["phases"]},
        "indicators": live_indicators(known_facts(), AS_OF),
    }
    phase = next(iter(report["phases"]))
    report["phases"][phase] = {
        **report["phases"][phase],
        "specialties": {"medecine_generale": 12, "Psychiatrie": 3},
    }
    table = next(t for t in report_tables(report) if t.slug == "specialites")
    names = {row[1] for row in table.rows}
    assert {"Médecine générale", "Psychiatrie"} <= names and "medecine_generale" not in names
