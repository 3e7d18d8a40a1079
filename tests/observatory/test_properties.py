"""Property tests: any file of plausible and implausible cells is read without crash,
and the analysis keeps its invariants (flow adds up, shares in [0, 1], n ≤ population)."""

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import COLUMNS, read_cohort_text
from cesp.observatory.privacy import publication

DATES = st.one_of(
    st.dates(date(1960, 1, 1), date(2030, 12, 31)).map(date.isoformat),
    st.sampled_from(["", "2023-02-30", "2023-13-01", "20230101", "٢٠٢٣-٠١-٠١", "2023-1-1"]),
)
CELLS = {
    "profile_id": st.sampled_from(["A", "B", "C", "D", "E", "F", " ", ""]),
    "profession": st.sampled_from(["medecine", "medecine", "odontologie", "", "Medecine"]),
    "status": st.sampled_from(["signed", "withdrawn_before_signature", "", "x"]),
    "deceased": st.sampled_from(["0", "1", "", "2"]),
    "bridge_entry": st.sampled_from(["0", "1", ""]),
    "bridge_origin": st.sampled_from(["health_social", "other", "", "?"]),
    "signature_region": st.sampled_from(["76", "11", "", "99"]),
    "planned_region": st.sampled_from(["76", "11", "", "7"]),
    "phase": st.sampled_from(["completed", "installed", "studies", "broken", "", "done"]),
    "specialty": st.sampled_from(["medecine_generale", "psychiatrie", "", "Médecine générale"]),
    "allocation_months": st.sampled_from(["0", "12", "60", "", "-1", "1e3", "٣"]),
    "engagement_months": st.sampled_from(["24", "60", "", "700"]),
    "installation_commune": st.sampled_from(["48095", "09001", "75056", "", "99999", "2A004"]),
}


def _cell(name: str):
    return CELLS.get(name, DATES)


ROWS = st.lists(st.tuples(*(_cell(name) for name in COLUMNS)), max_size=25)


def _text(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_reader_and_analysis_invariants(rows):
    cohort = read_cohort_text(_text(rows))
    assert len(cohort.rows) + sum(cohort.set_aside.values()) == cohort.rows_read == len(rows)
    assert len({r.profile_id for r in cohort.rows}) == len(cohort.rows)
    report = analyse(cohort.rows, as_of=date(2025, 1, 1))
    flow = report["flow"]
    not_included = sum(flow["not_included"]["profession"].values())
    not_included += flow["not_included"]["withdrawn_before_signature"]
    not_included += flow["not_included"].get("profession_unknown", 0)
    excluded = flow["excluded"]["deceased"] + flow["excluded"]["without_data"]
    assert flow["profiles"] == not_included + excluded + flow["studied"]
    assert (
        sum(block["n"] for block in report["phases"].values()) + report["phase_unknown"]
        == flow["studied"]
    )
    for value in (
        report["population"]["bridge_entry_share"],
        *report["installations"]["density"].values(),
        *(b["planned_in_region_share"] for b in report["phases"].values()),
    ):
        assert value is None or 0 <= value <= 1
    published = publication(report)
    for count in published["phases"].values():
        assert count["n"] is None or count["n"] == 0 or count["n"] >= 11
