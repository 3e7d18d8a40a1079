"""The commune field of the UI kit and its suggestions endpoint."""

from __future__ import annotations

import pytest
from django import forms

from cesp.core.ui.forms import CommuneField, DsfrFormMixin


class PlaceForm(DsfrFormMixin, forms.Form):
    commune = CommuneField()
    other = CommuneField(label="Autre commune", required=False)


def _clean(**data) -> PlaceForm:
    form = PlaceForm(data=data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("foix", "09122"),
        ("Saint-Girons", "09261"),
        ("St Girons", "09261"),
        ("Foix (09122)", "09122"),
        ("09122", "09122"),
        ("31000", "31555"),
        ("75101", "75056"),
    ],
)
def test_the_field_cleans_to_a_current_commune_code(typed, code):
    form = _clean(commune=typed)
    assert form.errors == {}
    assert form.cleaned_data["commune"] == code
    assert form.cleaned_data["other"] == ""


def test_a_postal_code_of_several_communes_is_refused_naming_them():
    form = _clean(commune="09000")
    (message,) = form.errors["commune"]
    assert message.startswith("Le code postal 09000 dessert 23 communes : Foix (09122),")


def test_an_ambiguous_name_is_refused_with_labels_to_type():
    form = _clean(commune="Sainte-Marie")
    (message,) = form.errors["commune"]
    assert "Sainte-Marie (97418)" in message


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Ce champ est obligatoire."),
        (
            "x" * 101,
            "Assurez-vous que cette valeur comporte au plus 100 caractères (actuellement 101).",
        ),
        ("Fo\x00ix", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_required_length_and_null_bytes_are_refused_in_french(typed, message):
    (error,) = _clean(commune=typed).errors["commune"]
    assert error.startswith(message)


def test_a_stored_code_is_shown_as_its_label_and_the_widget_degrades_to_a_text_input():
    form = PlaceForm(initial={"commune": "09122"})
    html = str(form["commune"])
    assert 'value="Foix (09122)"' in html
    assert 'type="text"' in html and 'class="fr-input"' in html
    assert 'data-url="/ui/communes/suggestions/"' in html
    assert 'role="listbox"' in html and "hidden" in html
    assert 'role="combobox"' not in html  # added by the script, not without it
    assert "ui/commune.js" in html
    assert 'value="09000"' in str(PlaceForm(data={"commune": "09000"})["commune"])


def test_suggestions_are_public_server_rendered_options(client, db):
    response = client.get("/ui/communes/suggestions/", {"q": "09000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="option"') == 10
    first = html.index('data-value="Foix (09122)"')
    assert first < html.index("Saint-Paul-de-Jarrat")
    assert "Ariège · 09000" in html


@pytest.mark.parametrize("query", ["", "f", "zzzzzz", "é" * 5000, "Foix (09122"])
def test_suggestions_never_fail(client, db, query):
    response = client.get("/ui/communes/suggestions/", {"q": query})
    assert response.status_code == 200


def test_a_nul_character_is_a_french_bad_request_not_a_crash(client, db):
    """NUL is refused before any view reads it (cesp.core.nul): 400, never a 5xx."""
    response = client.get("/ui/communes/suggestions/", {"q": "\x00\x00"})
    assert response.status_code == 400


def test_suggestions_answer_only_get(client, db):
    assert client.post("/ui/communes/suggestions/", {"q": "foix"}).status_code == 405
