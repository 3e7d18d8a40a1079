"""Recording events through the forms: validated by the rules, errors beside their field
in French, nothing written on error."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cesp.contracts.models import ContractEvent
from cesp.core.audit.models import AuditEntry


def _counts() -> tuple[int, int]:
    return ContractEvent.objects.count(), AuditEntry.objects.count()


def _error_of(html: str, field: str) -> str:
    match = re.search(rf'class="fr-error-text" id="id_{field}-error">([^<]*)<', html)
    assert match, f"no error beside {field}"
    return match.group(1)


def test_event_type_page_offers_only_the_types_of_the_role(client, world):
    client.force_login(world.users["ars_referent"])
    html = client.get(f"/contrats/{world.own.pk}/evenement/").content.decode()
    assert "/evenement/practice/" in html
    assert "/evenement/des/" not in html  # a study event: the UFR records it


def test_form_shows_only_the_fields_of_the_type_with_a_proposed_legal_basis(client, world):
    client.force_login(world.users["ars_referent"])
    html = client.get(f"/contrats/{world.own.pk}/evenement/practice/").content.decode()
    for field in ("start", "end", "zone_share", "commune_code", "reason", "legal_basis"):
        assert f'name="{field}"' in html
    assert 'name="date"' not in html and 'name="cause"' not in html
    # the legal basis proposed is the citation of its id in references.yaml
    assert 'value="Code de l&#x27;éducation, art. L632-6"' in html


def test_recording_a_des_updates_the_contract_and_the_audit_log(client, world):
    client.force_login(world.users["ufr_agent"])
    before = _counts()
    response = client.post(
        f"/contrats/{world.own.pk}/evenement/des/",
        {"date": "2026-10-15", "reason": "Procès-verbal du jury", "legal_basis": "R. 632-26"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/contrats/{world.own.pk}/"
    html = response.content.decode()
    assert "enregistré ; les chiffres sont à jour" in html
    assert "Procès-verbal du jury" in html
    assert _counts() == (before[0] + 1, before[1] + 1)
    event = ContractEvent.objects.get(contract=world.own)
    assert event.author == world.users["ufr_agent"]


def test_a_period_ending_before_it_starts_is_refused_beside_the_end_field(client, world):
    client.force_login(world.users["ufr_agent"])
    before = _counts()
    response = client.post(
        f"/contrats/{world.own.pk}/evenement/suspension/",
        {
            "start": "2023-06-01",
            "end": "2023-03-01",
            "suspension_reason": "maternite",
            "reason": "Congé de maternité",
        },
    )
    assert response.status_code == 200
    assert _error_of(response.content.decode(), "end") == (
        "La date de fin précède la date de début."
    )
    assert _counts() == before


def test_third_cycle_suspension_requested_after_30_days_is_recorded_and_refused(client, world):
    """Oracle T29 (arrêté du 27 juillet 2010, art. 3 2° c), issue 12 §1: a request 33 days
    after the first day of internship is a fact with an outcome: it is recorded, the rules
    refuse it, and the allocation goes on."""
    client.force_login(world.users["ufr_agent"])
    ok = client.post(
        f"/contrats/{world.own.pk}/evenement/internship_start/",
        {"date": "2024-11-02", "reason": "Prise de fonctions"},
    )
    assert ok.status_code == 302
    before = _counts()
    response = client.post(
        f"/contrats/{world.own.pk}/evenement/third_cycle_suspension_request/",
        {"date": "2024-12-05", "reason": "Demande reçue par courrier"},
    )
    assert response.status_code == 302
    assert _counts()[0] == before[0] + 1


def test_required_fields_are_reported_in_french(client, world):
    client.force_login(world.users["ufr_agent"])
    response = client.post(f"/contrats/{world.own.pk}/evenement/thesis/", {})
    html = response.content.decode()
    assert _error_of(html, "date") == "Ce champ est obligatoire."
    assert _error_of(html, "reason") == "Ce champ est obligatoire."
    assert "Le formulaire contient des erreurs" in html


def test_a_role_cannot_post_an_event_type_it_may_not_record(client, world):
    client.force_login(world.users["ars_referent"])
    before = _counts()
    response = client.post(
        f"/contrats/{world.own.pk}/evenement/des/", {"date": "2026-10-15", "reason": "x"}
    )
    assert response.status_code == 404
    assert _counts() == before


def test_cancellation_lists_the_events_in_force(client, world):
    client.force_login(world.users["ufr_agent"])
    client.post(f"/contrats/{world.own.pk}/evenement/des/", {"date": "2026-10-15", "reason": "PV"})
    event = ContractEvent.objects.get(contract=world.own)
    html = client.get(f"/contrats/{world.own.pk}/evenement/cancellation/").content.decode()
    assert f'<option value="{event.pk}">' in html
    response = client.post(
        f"/contrats/{world.own.pk}/evenement/cancellation/",
        {"supersedes": event.pk, "reason": "Saisie en double"},
    )
    assert response.status_code == 302
    html = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "annulé ou corrigé" in html


def test_a_correction_supersedes_the_event_and_keeps_it_visible(client, world):
    client.force_login(world.users["ufr_agent"])
    client.post(f"/contrats/{world.own.pk}/evenement/des/", {"date": "2026-10-15", "reason": "PV"})
    wrong = ContractEvent.objects.get(contract=world.own)
    page = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert f"/evenement/des/?corrige={wrong.pk}" in page
    form = client.get(
        f"/contrats/{world.own.pk}/evenement/des/?corrige={wrong.pk}"
    ).content.decode()
    assert 'value="2026-10-15"' in form  # prefilled from the corrected event
    assert f'name="supersedes" value="{wrong.pk}"' in form
    response = client.post(
        f"/contrats/{world.own.pk}/evenement/des/",
        {"date": "2026-10-20", "reason": "Date erronée", "supersedes": wrong.pk},
    )
    assert response.status_code == 302
    correction = ContractEvent.objects.exclude(pk=wrong.pk).get(contract=world.own)
    assert correction.supersedes_id == wrong.pk
    page = client.get(f"/contrats/{world.own.pk}/").content.decode()
    assert "annulé ou corrigé" in page and "20 octobre 2026" in page


def test_correcting_an_event_of_another_type_is_not_found(client, world):
    client.force_login(world.users["ufr_agent"])
    client.post(f"/contrats/{world.own.pk}/evenement/des/", {"date": "2026-10-15", "reason": "PV"})
    event = ContractEvent.objects.get(contract=world.own)
    response = client.get(f"/contrats/{world.own.pk}/evenement/thesis/?corrige={event.pk}")
    assert response.status_code == 404


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    event_type=st.sampled_from(["suspension", "internship_start", "des", "thesis"]),
    first=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31)),
    length=st.integers(min_value=-40, max_value=400),
)
def test_property_an_event_is_recorded_whole_or_not_at_all(
    client, world, event_type, first, length
):
    """Whatever the dates, the answer is a redirect with exactly one event and one
    audit entry more, or the form again with errors and nothing written."""
    client.force_login(world.users["ufr_agent"])
    before = _counts()
    data = {"reason": "Essai", "date": first.isoformat(), "start": first.isoformat()}
    data["end"] = (first + dt.timedelta(days=length)).isoformat()
    data["suspension_reason"] = "maladie"
    response = client.post(f"/contrats/{world.own.pk}/evenement/{event_type}/", data)
    if response.status_code == 302:
        assert _counts() == (before[0] + 1, before[1] + 1)
    else:
        assert response.status_code == 200
        assert "fr-error-text" in response.content.decode() or "fr-alert--error" in (
            response.content.decode()
        )
        assert _counts() == before
