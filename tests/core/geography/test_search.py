"""Finding a commune by name or postal code; resolving typed text to one commune code."""

import pytest

from cesp.core import geography
from cesp.core.geography import CommuneNotFound, resolve, search


def values(query: str, limit: int = 10) -> list[str]:
    return [s.value for s in search(query, limit)]


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Saint-Girons", "saint girons"),
        ("  ST  girons ", "saint girons"),
        ("Ste-Marie", "sainte marie"),
        ("L'Isle-Jourdain", "l isle jourdain"),
        ("ÉVRY", "evry"),
        ("Œuf-en-Ternois", "oeuf en ternois"),
    ],
)
def test_normalize_ignores_case_accents_punctuation_and_reads_abbreviations(typed, normal):
    assert geography.normalize(typed) == normal


def test_name_prefix_is_case_and_accent_insensitive():
    assert values("foix")[0] == "Foix (09122)"
    assert values("FOIX")[0] == "Foix (09122)"
    assert values("pamie")[0] == "Pamiers (09225)"
    assert values("ariege") == values("Ariège")


def test_saint_girons_however_written():
    for typed in ("saint-girons", "Saint Girons", "St Girons", "st-girons", "ST GIRONS"):
        assert values(typed)[0] == "Saint-Girons (09261)", typed


def test_exact_name_first_then_prefix_then_later_word():
    found = values("girons")
    assert found[0] == "Saint-Girons (09261)"  # "girons" starts a later word
    toul = values("toul", limit=3)
    assert toul[0] == "Toul (54528)"  # the exact name before longer names
    assert "Toulouse (31555)" in toul


def test_postal_code_lists_the_communes_it_serves_most_populous_first():
    found = search("09000", limit=50)
    assert found[0].value == "Foix (09122)"
    assert len(found) == 23
    assert all("09000" in s.postal_codes for s in found)
    assert found[0].details == "Ariège · 09000"
    assert values("0900")[0] == "Foix (09122)"  # first digits of a postal code


def test_insee_code_and_labelled_value_find_the_commune():
    assert values("31555") == ["Toulouse (31555)"]
    assert values("Foix (09122)") == ["Foix (09122)"]


def test_limits_and_empty_queries():
    assert len(search("sa", limit=5)) == 5
    assert search("") == []
    assert search("  - ") == []
    assert search("zzzzzz") == []


def test_suggestion_details_name_the_department_and_some_postal_codes():
    toulouse = search("31555")[0]
    assert toulouse.department == "Haute-Garonne"
    assert toulouse.details.startswith("Haute-Garonne · 31000, 31100, 31200 …")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("foix", "09122"),
        ("Saint Girons", "09261"),
        ("St-Girons", "09261"),
        ("09122", "09122"),
        ("Foix (09122)", "09122"),
        ("foix ( 09122 )", "09122"),
        ("31000", "31555"),  # a postal code serving one commune only
        ("75101", "75056"),  # a former code (PLM arrondissement): today's commune
        ("2a004", "2A004"),
    ],
)
def test_resolve_gives_one_current_commune(typed, code):
    assert resolve(typed).code == code


def test_a_postal_code_serving_several_communes_is_refused_naming_them():
    with pytest.raises(CommuneNotFound) as caught:
        resolve("09000")
    message = caught.value.message
    assert message.startswith("Le code postal 09000 dessert 23 communes : Foix (09122),")
    assert "et 15 autres" in message
    assert caught.value.candidates[0].code == "09122"


def test_a_code_both_insee_and_postal_is_refused_naming_both():
    # 01100 is Cheignieu-la-Balme's INSEE code and Oyonnax's postal code.
    with pytest.raises(CommuneNotFound) as caught:
        resolve("01100")
    assert "code commune de Cheignieu-la-Balme (01100)" in caught.value.message
    assert "Oyonnax (01283)" in caught.value.message


def test_an_ambiguous_name_is_refused_with_labels_that_resolve():
    with pytest.raises(CommuneNotFound) as caught:
        resolve("Sainte-Marie")
    assert caught.value.message.startswith("Plusieurs communes s'appellent « Sainte-Marie » :")
    for candidate in caught.value.candidates:
        assert resolve(geography.label(candidate)) == candidate


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("", "Indiquez une commune."),
        ("foi", "Aucune commune ne s'appelle « foi ». Communes proches : Foix (09122)"),
        ("123", "« 123 » n'est ni un code postal ni un code commune"),
        ("99999", "Aucune commune n'a le code « 99999 »"),
        ("Pamiers (09122)", "« Pamiers » ne correspond pas au code 09122"),
        ("Foix (99999)", "Aucune commune n'a le code « 99999 »."),
    ],
)
def test_refusals_say_why_in_french(typed, start):
    with pytest.raises(CommuneNotFound) as caught:
        resolve(typed)
    assert caught.value.message.startswith(start)


def test_only_a_current_insee_code_may_be_stored():
    assert geography.commune_code_error("09122") is None
    assert geography.commune_code_error("2A004") is None
    assert geography.commune_code_error("09000").startswith(
        "« 09000 » est un code postal, pas un code commune (INSEE) : il dessert Foix (09122)"
    )
    assert geography.commune_code_error("01340") == (
        "« 01340 » est un ancien code : la commune actuelle est Arboys en Bugey (01015)."
    )
    assert geography.commune_code_error("foix") == (
        "« foix » est un nom : indiquez le code commune, Foix (09122)."
    )
    assert "n'est pas une commune du COG 2026" in geography.commune_code_error("2a004")
    assert "n'est pas une commune du COG 2026" in geography.commune_code_error("zz")
    assert geography.commune_code_error("") == "Indiquez le code INSEE d'une commune."


def test_postal_codes_of_a_commune():
    assert geography.postal_codes("09122") == ("09000",)
    assert len(geography.postal_codes("75056")) == 20 + 1  # 75001…75020 and 75116
    assert geography.communes_with_postal_code("09200")[0].code == "09261"
