"""Regulatory deadlines (cesp.rules.deadlines), against the texts and the seeds' examples."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cesp.rules import SituationError, evaluate
from cesp.rules.deadlines import deadlines, lookback_days
from cesp.rules.months import Month
from tests.rules.builders import ev, situation
from tests.rules.test_invariants import contracts


def _by_kind(data, as_of: date, **kwargs) -> dict:
    return {figure.value.kind: figure for figure in deadlines(data, as_of, **kwargs)}


# --- R17: third-cycle suspension request window ---------------------------------------


def test_third_cycle_window_is_internship_start_plus_30_days_day_30_included() -> None:
    """R17 example (cesp-rules.md): intern from 2019-11-02; a request received 2019-11-20
    is in time, one received 2019-12-05 (33 days) is refused → last day 2019-12-02."""
    data = situation(
        ev("internship_start", "2019-11-02"), campaign_year=2016, signature_date="2017-06-01"
    )
    figure = _by_kind(data, date(2019, 11, 20))["third_cycle_request"]
    assert figure.value.date == date(2019, 12, 2)
    assert figure.value.actor == "signataire"
    assert "art. 3, 2° c" in " ".join(figure.step.all_sources())
    assert figure.step.parameters[0].name == "suspensions.third_cycle_request_window_days"
    # Day 30 included: still shown on 2019-12-02, gone the day after.
    assert "third_cycle_request" in _by_kind(data, date(2019, 12, 2))
    assert "third_cycle_request" not in _by_kind(data, date(2019, 12, 3))


def test_third_cycle_window_not_shown_before_the_internship_or_once_requested() -> None:
    early = situation(
        ev("internship_start", "2019-11-02"), campaign_year=2016, signature_date="2017-06-01"
    )
    assert "third_cycle_request" not in _by_kind(early, date(2019, 10, 1))
    requested = situation(
        ev("internship_start", "2019-11-02"),
        ev("third_cycle_suspension_request", "2019-11-20"),
        campaign_year=2016,
        signature_date="2017-06-01",
    )
    found = _by_kind(requested, date(2019, 11, 25))
    assert "third_cycle_request" not in found
    # Accepted: effect on 1 January following (R17, T30), payments stop.
    effect = found["third_cycle_effect"]
    assert effect.value.date == date(2020, 1, 1)
    assert effect.value.actor == "gestionnaire_national"


def test_no_third_cycle_window_for_a_signatory_who_signed_as_an_intern() -> None:
    data = situation(ev("internship_start", "2022-11-02"), category="third_cycle")
    assert "third_cycle_request" not in _by_kind(data, date(2022, 11, 10))


# --- R16, R18, R20: ends of running periods -------------------------------------------


def test_end_of_a_running_studies_suspension() -> None:
    """Arrêté du 27 juillet 2010, art. 3 (R16): payments resume at the planned end."""
    data = situation(ev("suspension", "2023-02-01", to="2023-06-30", reason="maternite"))
    figure = _by_kind(data, date(2023, 3, 10))["studies_suspension_end"]
    assert figure.value.date == date(2023, 6, 30)
    assert "art. 3" in " ".join(figure.step.sources)
    assert "studies_suspension_end" not in _by_kind(data, date(2023, 1, 10))  # not running


def test_end_of_a_running_practice_suspension() -> None:
    """Art. 3, last paragraphs (R18): 1 to 12 months, the count resumes at its end."""
    data = situation(
        ev("des", "2026-05-01"),
        ev("thesis", "2026-06-30"),
        ev("practice", "2026-07-01"),
        ev("practice_suspension", "2028-01-01", to="2028-06-30"),
    )
    found = _by_kind(data, date(2028, 2, 1))
    assert found["practice_suspension_end"].value.date == date(2028, 6, 30)
    assert "engagement_completion" not in found  # not practising today


def test_end_of_a_running_deferral_is_capped_at_12_months() -> None:
    """R20 / T36: a deferral asked for 18 months ends after 12."""
    data = situation(
        ev("des", "2026-05-01"),
        ev("thesis", "2026-06-30"),
        ev("deferral", "2026-07-01", to="2027-12-31"),
    )
    figure = _by_kind(data, date(2026, 9, 1))["deferral_end"]
    assert figure.value.date == date(2027, 6, 30)
    assert figure.step.children[0].figure == "deferral.end_date"
    assert "R632-74" in " ".join(figure.step.all_sources())


# --- R14: expected end of allocation ---------------------------------------------------


def test_expected_end_of_allocation_is_the_later_diploma_for_medicine() -> None:
    """R14 / R632-73: medicine stops at the later of DES and thesis."""
    data = situation(ev("des", "2027-10-15"), ev("thesis", "2027-12-10"))
    figure = _by_kind(data, date(2026, 11, 24))["allocation_end"]
    assert figure.value.date == date(2027, 12, 10)
    assert figure.value.actor == "gestionnaire_national"
    # One diploma recorded: the allocation runs at least until it (the later one stops it).
    des_only = _by_kind(situation(ev("des", "2027-10-15")), date(2026, 11, 24))["allocation_end"]
    assert des_only.value.date == date(2027, 10, 15) and "au plus tôt" in des_only.value.label
    past = _by_kind(situation(ev("des", "2026-10-15")), date(2026, 11, 24))
    assert "allocation_end" not in past  # DES obtained, thesis unknown: no date to show


# --- R19, R22: projected completion of the engagement ---------------------------------


def test_completion_at_half_time_doubles_the_calendar_months() -> None:
    """R22 / seeds 003-004 (T5): 12 months to serve at 0.5 in zone → 24 calendar months.

    Allocation Oct 2021 → Jun 2026 is 57 months; 45 served full time by 2030-03 leaves 12.
    """
    data = situation(
        ev("des", "2026-05-01"),
        ev("thesis", "2026-06-30"),
        ev("practice", "2026-07-01", to="2030-03-31"),
        ev("practice", "2030-04-01", zone_share="0.5"),
    )
    as_of = date(2030, 3, 15)
    assert evaluate(data, as_of=as_of).engagement.value.months_remaining == 12
    figure = _by_kind(data, as_of)["engagement_completion"]
    # Still full time in March 2030: remaining counted from April at the current share (1).
    assert figure.value.date == date(2031, 3, 31)
    half = _by_kind(data, date(2030, 4, 15))["engagement_completion"]
    assert half.value.date == date(2032, 3, 31)  # 11.5 left after April ÷ 0.5 = 23 from May 2030
    assert "R631-24-6" in " ".join(half.step.all_sources())
    assert half.step.simulated


def test_completion_at_three_quarters() -> None:
    """R22 (T6): 12 months to serve at 0.75 → 16 calendar months."""
    data = situation(
        ev("des", "2026-05-01"),
        ev("thesis", "2026-06-30"),
        ev("practice", "2026-07-01", to="2030-03-31"),
        ev("practice", "2030-04-01", zone_share="0.75"),
    )
    figure = _by_kind(data, date(2030, 4, 1))["engagement_completion"]
    # April counted at 0.75 → 11.25 left → 15 months from May 2030 → July 2031.
    assert figure.value.date == date(2031, 7, 31)


def test_no_completion_below_half_time() -> None:
    """R22 (T7): below half-time nothing is credited, no completion date is projected."""
    data = situation(
        ev("des", "2026-05-01"),
        ev("thesis", "2026-06-30"),
        ev("practice", "2026-07-01", zone_share="0.4"),
    )
    assert "engagement_completion" not in _by_kind(data, date(2027, 1, 10))


@settings(max_examples=40, deadline=None)
@given(
    share=st.sampled_from(["1", "0.9", "0.75", "0.6", "0.5"]),
    days=st.integers(0, 365 * 4),
)
def test_projected_completion_is_when_the_engine_says_completed(share: str, days: int) -> None:
    """Oracle: evaluating at the projected date with practice continued gives a completed
    engagement in that month, and not the month before (L632-6, R631-24-6)."""
    data = situation(
        ev("des", "2026-05-01"),
        ev("thesis", "2026-06-30"),
        ev("practice", "2026-07-01", zone_share=share),
    )
    as_of = date(2026, 7, 1) + timedelta(days=days)
    found = _by_kind(data, as_of)
    assume("engagement_completion" in found)
    end = found["engagement_completion"].value.date
    completed = evaluate(data, as_of=end).engagement.value.completed_on
    assert completed == Month.of(end)
    before = Month.of(end) - 1
    assert evaluate(data, as_of=before.last_day()).engagement.value.completed_on is None


def test_pre2020_end_of_contract_notice_in_the_month_before_the_end() -> None:
    """R27 / décret 2010-735 art. 9: PRE2020, the doctor tells the CNG, the ARS and the
    Ordre, in the month before the end, whether they stay; none for a 2020 contract."""
    old = situation(
        ev("des", "2020-05-01"),
        ev("thesis", "2020-06-30"),
        ev("practice", "2020-07-01"),
        campaign_year=2015,
        signature_date="2016-01-10",
    )
    found = _by_kind(old, date(2022, 1, 15))
    end = found["engagement_completion"].value.date
    notice = found["end_of_contract_notice"]
    assert notice.value.date == end and notice.value.actor == "signataire"
    assert "art. 9" in " ".join(notice.step.sources)
    recent = situation(
        ev("des", "2026-05-01"), ev("thesis", "2026-06-30"), ev("practice", "2026-07-01")
    )
    assert "end_of_contract_notice" not in _by_kind(recent, date(2027, 1, 15))


# --- R27: yearly ARS follow-up ---------------------------------------------------------


def test_ars_followup_each_anniversary_of_the_signature_until_installation() -> None:
    """R27: POST2020 « un échange un an après la signature, puis chaque année jusqu'à
    l'installation » (arrêté du 26 mai 2020); periodicity: docs/rules-choices.md#d2."""
    data = situation(
        ev("des", "2027-10-15"), ev("thesis", "2027-12-10"), ev("practice", "2028-01-01")
    )
    first = _by_kind(data, date(2022, 7, 1))["ars_followup"]
    assert first.value.date == date(2023, 6, 20) and first.value.actor == "ars"
    assert "JORFARTI000041923468" in " ".join(first.step.sources)
    assert _by_kind(data, date(2023, 6, 20))["ars_followup"].value.date == date(2023, 6, 20)
    assert _by_kind(data, date(2023, 6, 21))["ars_followup"].value.date == date(2024, 6, 20)
    assert "ars_followup" not in _by_kind(data, date(2028, 3, 1))  # installed


def test_ars_followup_of_a_pre2020_contract_cites_art_2_bis() -> None:
    data = situation(campaign_year=2015, signature_date="2016-02-29")
    figure = _by_kind(data, date(2019, 1, 1))["ars_followup"]
    assert figure.value.date == date(2019, 2, 28)  # 29 February → 28 in a common year
    assert "art. 2 bis" in " ".join(figure.step.sources)


# --- R28, T48: amicable appeal ---------------------------------------------------------


def test_amicable_appeal_two_months_after_the_notification() -> None:
    """T48: notification received D → appeal until D + 2 months (arrêté 26/05/2020 art. 3)."""
    data = situation(ev("breach", "2024-03-15", cause="voluntary"))
    found = deadlines(data, date(2024, 4, 1))
    assert [f.value.kind for f in found] == ["amicable_appeal"]  # the contract has ended
    assert found[0].value.date == date(2024, 5, 15)
    assert "art. 3" in " ".join(found[0].step.all_sources())
    later = _by_kind(data, date(2024, 4, 1), notification_received=date(2024, 3, 31))
    assert later["amicable_appeal"].value.date == date(2024, 5, 31)
    assert deadlines(data, date(2024, 5, 16)) == []


def test_no_amicable_appeal_without_sums_due_or_before_2020() -> None:
    death = situation(ev("breach", "2024-03-15", cause="death"))
    assert deadlines(death, date(2024, 4, 1)) == []
    old = situation(
        ev("breach", "2019-03-15", cause="voluntary"),
        campaign_year=2015,
        signature_date="2016-01-10",
    )
    assert deadlines(old, date(2019, 4, 1)) == []


def test_invalid_situation_is_refused_as_by_evaluate() -> None:
    data = situation(ev("suspension", "2023-02-01", to="2023-02-10"))
    try:
        deadlines(data, date(2023, 2, 5))
    except SituationError as error:
        assert "mois entier" in str(error)
    else:  # pragma: no cover
        raise AssertionError("situation invalide acceptée")


# --- properties ------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=contracts(), offset=st.integers(-400, 365 * 16))
def test_deadlines_are_to_come_sorted_and_explained(data, offset: int) -> None:
    as_of = date.fromisoformat(data["signature_date"]) + timedelta(days=offset)
    try:
        found = deadlines(data, as_of)
    except SituationError:
        assume(False)
    dates = [figure.value.date for figure in found]
    assert all(day >= as_of for day in dates)
    assert dates == sorted(dates)
    for figure in found:
        assert figure.value.label and figure.value.actor_label
        assert figure.step.figure == f"deadline.{figure.value.kind}"
        assert figure.step.all_sources(), figure.value.kind


@st.composite
def careers(draw):
    """Contracts with the facts that bring deadlines: internship, third-cycle request,
    diplomas, deferral, practice at a share, practice suspension, breach."""
    campaign = draw(st.integers(2012, 2024))
    signature = date(campaign + 1, 3, 1) + timedelta(days=draw(st.integers(0, 120)))
    internship = signature + timedelta(days=draw(st.integers(60, 900)))
    events = [{"type": "internship_start", "date": internship}]
    if draw(st.booleans()):
        request = internship + timedelta(days=draw(st.integers(0, 30)))
        events.append({"type": "third_cycle_suspension_request", "date": request})
    thesis = internship + timedelta(days=draw(st.integers(700, 1800)))
    events += [
        {"type": "des", "date": thesis - timedelta(days=draw(st.integers(0, 90)))},
        {"type": "thesis", "date": thesis},
    ]
    practice = thesis + timedelta(days=1)
    if draw(st.booleans()):
        end = thesis + timedelta(days=draw(st.integers(31, 330)))
        events.append({"type": "deferral", "from": practice, "to": end})
        practice = end + timedelta(days=1)
    share = draw(st.sampled_from(["1", "0.8", "0.5", "0.3"]))
    events.append({"type": "practice", "from": practice, "zone_share": share})
    if draw(st.booleans()):
        first = Month.of(practice) + draw(st.integers(2, 30))
        last = first + draw(st.integers(0, 11))
        events.append(
            {"type": "practice_suspension", "from": first.first_day(), "to": last.last_day()}
        )
    if draw(st.booleans()):
        breach = signature + timedelta(days=draw(st.integers(1, 365 * 12)))
        events = [e for e in events if e.get("date", e.get("from")) <= breach]
        events.append({"type": "breach", "date": breach, "cause": "voluntary"})
    return situation(
        *events, campaign_year=campaign, signature_date=signature.isoformat()
    ), signature


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(career=careers(), offset=st.integers(0, 365 * 14))
def test_deadlines_of_careers_are_to_come_sorted_and_only_the_appeal_after_a_breach(
    career, offset: int
) -> None:
    data, signature = career
    as_of = signature + timedelta(days=offset)
    try:
        found = deadlines(data, as_of)
    except SituationError:
        assume(False)
    dates = [figure.value.date for figure in found]
    assert all(day >= as_of for day in dates) and dates == sorted(dates)
    kinds = [figure.value.kind for figure in found]
    assert len(kinds) == len(set(kinds))
    breach = [e for e in data["events"] if e["type"] == "breach" and e["date"] <= as_of]
    if breach:
        assert set(kinds) <= {"amicable_appeal"}


def test_national_manager_is_named_on_the_deadline_date() -> None:
    """Décret 2025-270 art. 3 (T49): a contract concluded before 2025-03-26 is managed by
    the autorité administrative from 2026-01-01, by the CNG before."""
    data = situation(ev("des", "2025-10-15"), ev("thesis", "2027-12-10"))
    late = _by_kind(data, date(2025, 11, 1))["allocation_end"].value
    assert late.actor == "gestionnaire_national"
    assert late.actor_label == "le gestionnaire national — autorité administrative (ASP)"
    early = _by_kind(
        situation(ev("des", "2025-10-15"), ev("thesis", "2025-12-10")), date(2025, 11, 1)
    )["allocation_end"].value
    assert early.actor_label == "le gestionnaire national — Centre national de gestion (CNG)"
    window = _by_kind(situation(ev("internship_start", "2025-11-02")), date(2025, 11, 10))[
        "third_cycle_request"
    ]
    assert window.value.label.endswith("reçue par : Centre national de gestion (CNG)")


# --- how far back a fact can still bring a deadline ------------------------------------


def test_lookback_covers_the_last_day_of_the_third_cycle_window_and_of_the_appeal() -> None:
    today = date(2024, 5, 31)
    lookback = lookback_days(today)
    internship = today - timedelta(days=lookback["internship_start"] - 1)
    data = situation(
        ev("internship_start", internship.isoformat()),
        campaign_year=2021,
        signature_date="2021-10-01",
    )
    assert "third_cycle_request" in _by_kind(data, today)
    appeal = situation(ev("breach", "2024-03-31", cause="voluntary"))
    assert date(2024, 3, 31) >= today - timedelta(days=lookback["breach"])
    assert _by_kind(appeal, today)["amicable_appeal"].value.date == today


def test_no_appeal_lookback_before_the_texts_provide_one() -> None:
    assert lookback_days(date(2019, 6, 1))["breach"] == 0
