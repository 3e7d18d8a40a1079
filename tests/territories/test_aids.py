"""Installation aids (cesp.rules.aids): conditions and cumulation rules of the ARS
Occitanie FAQ of 22/10/2024 (seed 003) and the ministry FAQ (seed 004)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cesp.rules.aids import AID_NAMES, MODES, NOT_CUMULABLE, PlaceFacts, find_aids
from cesp.rules.errors import SituationError
from cesp.territories import aids_cli

OCT_2025 = dt.date(2025, 10, 1)
FEB_2026 = dt.date(2026, 2, 1)


def place(zone="ZAC", department="09", region="76", massif=False, qpv=False, frr=False, guard=None):
    return PlaceFacts("09001", department, region, zone, massif, qpv, frr, guard)


def ids(result):
    return result.ids()


def test_zip_liberal_doctor_gets_the_assurance_maladie_aid_up_to_50000_in_2025():
    # seed 003: "le contrat CAIM … peut atteindre 50 000 € en fonction du temps de travail"
    result = find_aids(place("ZIP", massif=True), OCT_2025, "medecine", "liberal")
    aid = next(a for a in result.aids if a.id == "am_installation_zip")
    assert aid.amount == Decimal("50000.00") and aid.amount_basis.startswith("plafond")
    assert aid.to_dict()["amount"] == "50000.00"


def test_zip_aid_becomes_10000_and_zac_aid_5000_from_2026():
    # seed 003: "fixée à … 10 000 € à compter du 1er janvier 2026 … en ZIP et 5 000 € … en ZAC"
    zip_aid = find_aids(place("ZIP"), FEB_2026, "medecine", "liberal").aids[0]
    assert (zip_aid.id, zip_aid.amount) == ("am_installation_zip", Decimal("10000.00"))
    zac_2026 = find_aids(place("ZAC"), FEB_2026, "medecine", "liberal")
    assert next(a for a in zac_2026.aids if a.id == "am_installation_zac").amount == Decimal(
        "5000.00"
    )
    zac_2025 = find_aids(place("ZAC"), OCT_2025, "medecine", "liberal")
    assert "am_installation_zac" not in ids(zac_2025)
    assert any("pas en vigueur" in r.why for r in zac_2025.not_applicable)


def test_mountain_aid_is_zac_only_for_cesp_doctors():
    # seed 003: "Cette aide ne sera cependant accessible pour les CESP médecine que si la
    # commune est en ZAC (… en ZIP … l'aide de l'Assurance Maladie non cumulable)"
    in_zac = find_aids(place("ZAC", department="12", massif=True), OCT_2025, "medecine", "liberal")
    in_zip = find_aids(place("ZIP", department="12", massif=True), OCT_2025, "medecine", "liberal")
    assert "ars_massif_montagne" in ids(in_zac)
    assert "ars_massif_montagne" not in ids(in_zip)
    assert any("seulement en ZAC" in r.why for r in in_zip.not_applicable)


def test_departments_09_32_65_aid_for_every_commune_except_zip():
    for department in ("09", "32", "65"):
        assert "ars_departements_09_32_65" in ids(
            find_aids(place("ZAR", department=department), OCT_2025, "medecine", "liberal")
        )
        assert "ars_departements_09_32_65" not in ids(
            find_aids(place("ZIP", department=department), OCT_2025, "medecine", "liberal")
        )
    assert "ars_departements_09_32_65" not in ids(
        find_aids(place("ZAC", department="31"), OCT_2025, "medecine", "liberal")
    )


def test_qpv_aid_in_zac_only_and_to_check():
    # seed 003: "L'exercice en QPV en ZAC ouvre droit à une aide ARS (si le QPV est en ZIP =
    # une aide de l'Assurance maladie)"; "l'installation doit être effective dans le QPV"
    zac = find_aids(place("ZAC", department="34", qpv=True), OCT_2025, "medecine", "liberal")
    aid = next(a for a in zac.aids if a.id == "ars_qpv")
    assert aid.status == "to_check" and any("effective dans le QPV" in c for c in aid.conditions)
    zip_ = find_aids(place("ZIP", department="34", qpv=True), OCT_2025, "medecine", "liberal")
    assert "ars_qpv" not in ids(zip_)


def test_pdsa_when_a_commune_of_the_guard_sector_is_zip():
    # seed 003: "il est donc possible d'exercer en ZAC et de bénéficier de cette exonération"
    zac_zip_sector = find_aids(place("ZAC", guard=True), OCT_2025, "medecine", "liberal")
    pdsa = next(a for a in zac_zip_sector.aids if a.id == "pdsa_exoneration")
    assert pdsa.status == "eligible"
    assert "pdsa_exoneration" not in ids(
        find_aids(place("ZAC", guard=False), OCT_2025, "medecine", "liberal")
    )


def test_salaried_doctor_in_zac_gets_400_mg_but_no_liberal_aids():
    result = find_aids(place("ZAC", frr=True), OCT_2025, "medecine", "salarie")
    assert "dispositif_400_mg" in ids(result)
    assert not {"cde", "am_installation_zac", "frr_exoneration"} & set(ids(result))


def test_frr_exemption_known_in_occitanie_to_check_elsewhere():
    assert find_aids(place(frr=True), OCT_2025, "medecine", "liberal").aids[-1].status == (
        "eligible"
    )
    elsewhere = find_aids(
        place(region="53", department="29", frr=None), OCT_2025, "medecine", "liberal"
    )
    frr = next(a for a in elsewhere.aids if a.id == "frr_exoneration")
    assert frr.status == "to_check"
    assert not any(a.provider == "ARS Occitanie" for a in elsewhere.aids)
    assert any("ARS Occitanie figurent" in n for n in elsewhere.notes)
    before = find_aids(place(frr=True), dt.date(2024, 6, 30), "medecine", "liberal")
    assert "frr_exoneration" not in ids(before)  # FRR replaced ZRR on 1 July 2024


def test_dentist_in_very_underserved_mountain_zone_must_choose():
    # seed 003: CAICD (très sous-dotée) not cumulable with the ARS Massif/Montagne aid;
    # the maintenance aid (4 000 €/an) neither.
    result = find_aids(
        place("TRES_SOUS_DOTEE", department="12", massif=True), OCT_2025, "odontologie", "liberal"
    )
    assert {"am_caicd", "am_maintien_dentiste", "ars_massif_montagne"} <= set(ids(result))
    assert ["am_caicd", "ars_massif_montagne"] in result.to_dict()["exclusive_choices"]
    assert ["am_maintien_dentiste", "ars_massif_montagne"] in result.to_dict()["exclusive_choices"]
    # a reader sees the aids' French names, never their ids
    names = result.to_dict()["exclusive_choice_names"]
    assert [AID_NAMES["am_caicd"], AID_NAMES["ars_massif_montagne"]] in names
    caicd = next(a for a in result.to_dict()["aids"] if a["id"] == "am_caicd")
    assert caicd["not_cumulable_with_names"] == [AID_NAMES[a] for a in caicd["not_cumulable_with"]]
    assert {a for pair in NOT_CUMULABLE for a in pair[:2]} <= set(AID_NAMES)
    maintain = next(a for a in result.aids if a.id == "am_maintien_dentiste")
    assert maintain.amount == Decimal("4000.00") and maintain.amount_basis == "par an"


def test_dentist_outside_underserved_zones_gets_no_ars_mountain_aid():
    result = find_aids(
        place("INTERMEDIAIRE", department="09", massif=True), OCT_2025, "odontologie", "liberal"
    )
    assert not {"ars_massif_montagne", "ars_departements_09_32_65"} & set(ids(result))


def test_unknown_mode_is_refused():
    with pytest.raises(SituationError, match="mode inconnu"):
        find_aids(place(), OCT_2025, "medecine", "benevole")


ZONES = st.sampled_from(
    [None, "ZIP", "ZAC", "ZAR", "HZ", "TRES_SOUS_DOTEE", "SOUS_DOTEE", "INTERMEDIAIRE"]
)


@given(
    zone=ZONES,
    department=st.sampled_from(["09", "12", "31", "32", "65", "29"]),
    massif=st.booleans(),
    qpv=st.booleans(),
    frr=st.sampled_from([None, True, False]),
    guard=st.sampled_from([None, True, False]),
    profession=st.sampled_from(["medecine", "odontologie", "padhue_medecine", "pharmacie"]),
    mode=st.sampled_from(MODES),
    day=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_aid_invariants(zone, department, massif, qpv, frr, guard, profession, mode, day):
    region = "53" if department == "29" else "76"
    result = find_aids(
        place(zone, department, region, massif, qpv, frr, guard), day, profession, mode
    )
    found = ids(result)
    assert len(found) == len(set(found))
    for aid in result.aids:
        assert aid.id not in aid.not_cumulable_with
        assert aid.sources
        assert aid.amount is None or aid.amount == aid.amount.quantize(Decimal("0.01"))
    # The ZAC-only rule keeps the Assurance Maladie ZIP aid and the mountain aid apart.
    assert not {"am_installation_zip", "ars_massif_montagne"} <= set(found)
    for a, b in result.exclusive_pairs():
        assert a in found and b in found
    json.dumps(result.to_dict())


@pytest.mark.django_db
def test_cli_json_shape(occitanie_zoning, capsys):
    code = aids_cli.main(
        [
            "09122",
            "--date",
            "2025-10-01",
            "--profession",
            "medecine",
            "--mode",
            "liberal",
            "--format",
            "json",
        ]
    )
    aids = json.loads(capsys.readouterr().out)
    assert code == 0
    # `--format json` prints the list of aids itself (issue 4's interface).
    assert isinstance(aids, list) and aids
    for aid in aids:
        assert {"id", "label", "amount", "conditions", "not_cumulable_with", "sources"} <= set(aid)
        assert aid["amount"] is None or isinstance(aid["amount"], str)
    # synthetic zoning: every commune of Ariège is ZIP, so the ZIP aid comes first
    assert aids[0] == aids[0] | {"id": "am_installation_zip", "amount": "50000.00"}


@pytest.mark.django_db
def test_cli_json_full_keeps_the_zone_and_the_choices(occitanie_zoning, capsys):
    argv = ["09122", "--date", "2025-10-01", "--mode", "liberal", "--format", "json-full"]
    assert aids_cli.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zone"] == "ZIP"
    assert data["aids"] and {"exclusive_choices", "not_applicable", "notes"} <= set(data)


@pytest.mark.django_db
def test_cli_json_unknown_commune_says_why_on_stderr(capsys):
    assert aids_cli.main(["99999", "--date", "2025-10-01", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "99999" in captured.err and "COG 2026" in captured.err


@pytest.mark.django_db
def test_cli_unknown_commune(capsys):
    assert aids_cli.main(["99999", "--date", "2025-10-01"]) == 1
    assert "99999" in capsys.readouterr().out
