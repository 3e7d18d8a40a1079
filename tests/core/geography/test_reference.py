"""Reference geography shipped in cesp/core/geography/data (README counts as oracle)."""

from collections import Counter

from cesp.core import geography


def test_commune_has_density_and_names():
    toulouse = geography.commune("31555")
    assert toulouse is not None
    assert toulouse.name == "Toulouse"
    assert (toulouse.department, toulouse.region) == ("31", "76")
    assert toulouse.density_level == 1
    assert toulouse.density_label == "Grands centres urbains"
    assert toulouse.has_qpv


def test_codes_are_strings_with_leading_zeros_and_corsica():
    assert geography.commune("01001").name == "L'Abergement-Clémenciat"
    assert geography.commune("2A004") is not None
    assert geography.commune("1001") is None
    assert geography.commune("99999") is None


def test_occitanie_counts_match_the_data_readme():
    occitanie = geography.communes_in_region("76")
    assert len(occitanie) == 4446
    levels = Counter(c.density_level for c in occitanie)
    assert [levels[i] for i in range(1, 8)] == [25, 63, 135, 171, 546, 1823, 1683]
    frr = Counter(c.frr for c in occitanie)
    assert frr == {"4": 2787, "5": 555, "1": 173, "2": 1, "0": 930}


def test_national_count_and_names():
    assert len(geography.all_communes()) == 34969
    assert geography.department_name("09") == "Ariège"
    assert geography.region_name("76") == "Occitanie"
    assert geography.department_name("00") is None


def test_former_codes_map_to_current_commune():
    # PLM arrondissements map to the whole commune; merged communes to the new one.
    assert geography.current_code("75101") == ("75056", "arrondissement municipal")
    assert geography.current_code("01340")[0] == "01015"
    assert geography.current_code("31555") is None


def test_mountain_massif():
    aigues_juntes = geography.commune("09001")
    assert aigues_juntes.massif_label == "Massif des Pyrénées"
    assert aigues_juntes.in_frr is True
    assert geography.commune("31555").massif_label is None
