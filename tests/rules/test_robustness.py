"""Bad input never escapes as anything but SituationError (no traceback, no wrong figure)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.rules import SituationError, evaluate
from cesp.rules.situation import BREACH_CAUSES, CATEGORIES, EVENT_FIELDS, PROFESSIONS

dates = st.dates(min_value=date(2009, 1, 1), max_value=date(2040, 12, 31))
text_dates = dates.map(date.isoformat)
junk = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=6), st.floats(allow_nan=True)
)
any_date = st.one_of(text_dates, dates, junk)


def mostly(draw, good):
    """The good strategy nine times out of ten, junk otherwise."""
    return draw(junk) if draw(st.integers(0, 9)) == 0 else draw(good)


@st.composite
def events(draw):
    event_type = mostly(draw, st.sampled_from(list(EVENT_FIELDS)))
    event = {"type": event_type}
    required, optional = EVENT_FIELDS.get(event_type, (("date",), ()))
    for key in (*required, *optional):
        if key in required or draw(st.booleans()):
            if key in {"date", "from", "to"}:
                event[key] = mostly(draw, text_dates)
            elif key == "zone_share":
                event[key] = mostly(draw, st.decimals(0, 1, places=2).map(str))
            elif key == "cause":
                event[key] = mostly(draw, st.sampled_from(BREACH_CAUSES))
            elif key == "reason":
                event[key] = mostly(draw, st.sampled_from(["maladie", "maternite"]))
            else:
                event[key] = draw(st.text(max_size=5))
    return event


@st.composite
def situations(draw):
    data = {
        "profession": mostly(draw, st.sampled_from(PROFESSIONS)),
        "category": mostly(draw, st.sampled_from(CATEGORIES)),
        "campaign_year": mostly(draw, st.integers(2010, 2030)),
        "signature_date": mostly(draw, text_dates),
        "as_of": draw(st.one_of(st.none(), text_dates)),
        "events": draw(st.lists(events(), max_size=6)),
    }
    if draw(st.booleans()):
        month = st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31))
        data["payments"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"month": month.map(lambda d: d.isoformat()[:7]), "net": st.just("1085.63")}
                ),
                max_size=3,
            )
        )
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_any_input_is_either_evaluated_or_refused_with_a_situation_error(data):
    try:
        result = evaluate(data).to_dict()
    except SituationError as error:
        assert error.field and error.rule and error.message
        return
    assert result["engagement"]["months_due"] >= 24
    assert result["allocation"]["months"] >= 0


HEADER = "id,profession,category,campaign_year,signature_date,des,thesis,breach_date,breach_cause\n"
ROW = "p1,medecine,second_cycle,2021,2022-06-20,2026-09-15,2026-09-20,,\n"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from([*list(ROW), "\r", '"', "\x00", "é", "\n"]), max_size=80))
def test_batch_csv_survives_any_bytes(tmp_path_factory, noise):
    """reliability.md: a stray carriage return crashed a naive reader. Ours reports, exit 0/2."""
    from cesp.rules import cli

    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / "in.csv"
    source.write_text(HEADER + ROW + noise, encoding="utf-8")
    code = cli.main(["batch", str(source), str(folder / "out.jsonl")])
    assert code in (0, 2)
    if code == 0:
        assert (folder / "out.jsonl").exists()
