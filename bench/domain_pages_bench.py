"""Campaign pages and the referent's home under the platform bench's load (issues 9 and 11,
« Speed »): p95 ≤ 2× the bare view.

Same harness as ``platform_bench.py`` (gunicorn, 20 concurrent users on loopback, keep-alive,
warm-up, then ``BENCH_REQUESTS`` requests per thread, compared with a bare Django view in the
same run), on its own PostgreSQL database ``cesp_bench_domains`` (``BENCH_DOMAINS_URL``):
the demo generator's contracts (``BENCH_CONTRACTS``, default 20 000), then the selection,
offers and follow-up demos, the odontology quota imported and its offers sent, and one ARS
referent given ``BENCH_SIGNATORIES`` (default 500) named signatories.

Scenarios:
- ``bare``: the bare view;
- ``campaign_pages``: 10 national agents and 10 agents of UFR Montpellier, each request one of
  the selection home (week and campaigns with counts), the Montpellier 2026-2027 campaign
  page, the offers home and the odontology offers page;
- ``referent_home``: 20 sessions of the referent with 500 signatories on ``/suivi/``.

Reported per scenario as in the platform bench (p50/p95, p95 ratio to the bare view, worker
CPU per request and its ratio). Run: ``.venv/bin/python bench/run.py domain_pages``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import platform_bench as harness  # the bench directory is not a package

DB_URL = os.environ.get(
    "BENCH_DOMAINS_URL", "postgres://postgres@127.0.0.1:5432/cesp_bench_domains"
)
CONTRACTS = int(os.environ.get("BENCH_CONTRACTS", "20000"))
SIGNATORIES = int(os.environ.get("BENCH_SIGNATORIES", "500"))

SETUP = """
import io, json, os
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from cesp.accounts.enums import Role
from cesp.accounts.models import Organisation, User
from cesp.contracts.demo import load_demo
from cesp.contracts.models import Contract
from cesp.followup import services as followup
from cesp.followup.models import Assignment
from cesp.offers import demo as offers_demo, services as offers
from cesp.offers.models import Offer
from cesp.selection import lists, quota_services
from cesp.selection.models import QuotaArrete

call_command("migrate", interactive=False, verbosity=0)
load_demo(total=int(os.environ["BENCH_CONTRACTS"]), check=False)
for command in ("load_demo_selection", "load_demo_offers", "load_demo_followup"):
    call_command(command, stdout=io.StringIO())
national = User.objects.get(username="national")
ufr = Organisation.objects.get(code="ufr-montpellier")
campaign = lists.campaign_for(ufr.pk, 2026)
if not QuotaArrete.objects.exists():
    quota_services.import_annual(
        offers_demo.QUOTA_FILE.read_bytes(), offers_demo.QUOTA_FILE.name, academic_year=2026,
        reference="Arrêté du banc d'essai", published_on=timezone.localdate(), user=national)
odontology = next(p for p in lists.published_lists(campaign) if p.profession == "odontologie")
if not Offer.objects.exists():
    offers.start_offers(national, odontology, campaign)
referent = User.objects.get(username="ars-occitanie")
director = User.objects.get(username="ars-occitanie-directeur")
named = Assignment.objects.current().filter(referent=referent).count()
for contract in (Contract.objects.filter(followup_region="76")
                 .exclude(referent_assignments__ended_at__isnull=True)
                 .order_by("id")[: max(0, int(os.environ["BENCH_SIGNATORIES"]) - named)]):
    followup.assign_referent(contract, referent, by=director, reason="banc d'essai")
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
orgs = {o.code: o for o in Organisation.objects.filter(code__in=["asp", "ufr-montpellier"])}

def session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["cesp_login_at"] = int(__import__("time").time())
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

agents = []
for index in range(20):
    org, role = ("asp", Role.NATIONAL_AGENT) if index < 10 else ("ufr-montpellier", Role.UFR_AGENT)
    user, _ = User.objects.update_or_create(
        username=f"bench-domains-{index}",
        defaults={"role": role, "organisation": orgs[org], "is_active": True})
    agents.append({"scope": "agents", "cookie": session(user)})
referents = [{"scope": "referent", "cookie": session(referent)} for _ in range(20)]
pages = ["/selection/", f"/selection/campagnes/{campaign.pk}/", "/offres/",
         f"/offres/listes/{odontology.list_id}/"]
print("@@SETUP@@" + json.dumps({
    "contracts": Contract.objects.count(),
    "signatories_of_referent": Assignment.objects.current().filter(referent=referent).count(),
    "agents": agents, "referents": referents, "pages": pages}))
"""


def paths(scenario: str, user: dict, pages: dict, rng: random.Random) -> str:
    if scenario == "bare":
        return "/bare/"
    if scenario == "referent_home":
        return "/suivi/"
    return rng.choice(pages["campaign_pages"])


def main() -> dict:
    harness.ensure_database(DB_URL)
    with tempfile.TemporaryDirectory(prefix="cesp-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "bench_settings.py").write_text(harness.SETTINGS)
        (workdir / "bench_urls.py").write_text(harness.URLS)
        env = harness.environment(workdir, DB_URL, CONTRACTS) | {
            "BENCH_SIGNATORIES": str(SIGNATORIES),
            "CESP_DEMO_MODE": "1",  # the domain demos load their accounts only in demo mode
        }
        data = harness.setup(env, SETUP)
        port = harness.free_port()
        server = harness.start_server(env, port)
        load_before = round(os.getloadavg()[0], 1)
        scopes = {"campaign_pages": data["pages"]}
        plan = {
            "bare": data["agents"],
            "campaign_pages": data["agents"],
            "referent_home": data["referents"],
        }
        results = {}
        try:
            for scenario, users in plan.items():
                cpu_before = harness.workers_cpu_seconds(server)
                results[scenario] = harness.run_scenario(scenario, port, users, scopes, paths)
                cpu = harness.workers_cpu_seconds(server) - cpu_before  # warm-up included
                served = results[scenario]["requests"] + len(users) * 3
                results[scenario]["worker_cpu_ms_per_request"] = round(cpu * 1000 / served, 2)
        finally:
            server.terminate()
            server.wait(timeout=30)
    bare = results["bare"]["p95_ms"] or 1
    bare_cpu = results["bare"]["worker_cpu_ms_per_request"] or 1
    for figures in results.values():
        figures["p95_vs_bare"] = round(figures["p95_ms"] / bare, 1)
        figures["worker_cpu_vs_bare"] = round(figures["worker_cpu_ms_per_request"] / bare_cpu, 1)
    return {
        "contracts": data["contracts"],
        "signatories_of_referent": data["signatories_of_referent"],
        "setup_seconds": data["setup_seconds"],
        "concurrent_users": 20,
        "load_average_before": load_before,
        "load_average_after": round(os.getloadavg()[0], 1),
        **results,
        "targets": {
            "campaign_pages_p95_le_2x_bare": results["campaign_pages"]["p95_vs_bare"] <= 2,
            "referent_home_p95_le_2x_bare": results["referent_home"]["p95_vs_bare"] <= 2,
            "no_errors": all(r["errors"] == 0 for r in results.values()),
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, ensure_ascii=False))
