"""Platform under load (issue 3, « Speed »): 100 000 contracts in PostgreSQL, 20
concurrent users on loopback against gunicorn, compared with a bare Django view.

Measured in one run, same server, same stack (sessions, middleware):

- ``bare``: a view that returns "ok" (no query) — the floor of this machine;
- ``contract_page``: ``/contrats/<id>/`` (facts, timeline, figures by the rules);
- ``filtered_list``: ``/contrats/?profession=…&campaign_year=…&region=…``;
- ``status_list``: ``/contrats/?status=…&campaign_year=…&region=…`` (status computed by
  the rules, read from the status projection rebuilt at setup, docs/platform.md);
- ``api_detail`` and ``api_list``: the same through the REST API.

Each scenario: 20 threads (one session each: 10 national agents, 5 ARS Occitanie
referents, 5 UFR Montpellier agents, each hitting contracts of their own scope), keep-alive
connections, a warm-up, then ``BENCH_REQUESTS`` requests per thread (default 30).
Reported: p50/p95/max in ms, requests/s, the p95 ratio to the bare view, errors, the p95
of one user alone (service time without queueing), the CPU time the gunicorn workers spent
per request under the 20 users and its ratio to the bare view's (the cost of a page, far
less disturbed than latencies by the other processes of a shared machine; PostgreSQL's
time is not in it), the resident memory of each gunicorn worker after the run, the
machine's load average, and the time to verify a 100 000-entry audit chain. Targets:
contract page p95 < 200 ms, filtered list p95 < 300 ms, worker RSS < 300 MB.

The database ``cesp_bench`` (``BENCH_DATABASE_URL``) is created and loaded once with the
demo generator (100 000 contracts, ``BENCH_CONTRACTS``) and reused by later runs.
Needs PostgreSQL and the ``bench`` extra (gunicorn). Run: ``.venv/bin/python bench/run.py
platform``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cesp_bench")
CONTRACTS = int(os.environ.get("BENCH_CONTRACTS", "100000"))
USERS = 20
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))

SETTINGS = """
from cesp.settings.base import *  # noqa
from cesp.settings.base import DATABASES
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
AXES_ENABLED = False
DATABASES["default"]["CONN_MAX_AGE"] = 60
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "ERROR"}}
"""

URLS = """
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from cesp.urls import urlpatterns as project


@login_not_required
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bare/", bare), *project]
"""

SETUP = """
import json, os
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from cesp.accounts.enums import Role
from cesp.accounts.models import Organisation, User
from cesp.contracts.demo import load_demo
from cesp.contracts.models import Contract

call_command("migrate", interactive=False, verbosity=0)
summary = load_demo(total=int(os.environ["BENCH_CONTRACTS"]), check=False)
from django.db import connection
with connection.cursor() as cursor:  # fresh bulk load: give the planner its statistics
    cursor.execute("ANALYZE")
import io
started = __import__("time").perf_counter()  # the nightly rebuild of the status projection
call_command("project_statuses", "--apply", stdout=io.StringIO())
projection_seconds = round(__import__("time").perf_counter() - started, 1)
with connection.cursor() as cursor:
    cursor.execute("ANALYZE contracts_contractstatusprojection")
codes = ["asp", "ars-occitanie", "ufr-montpellier"]
orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
plan = [("national", "asp", Role.NATIONAL_AGENT)] * 10
plan += [("ars", "ars-occitanie", Role.ARS_REFERENT)] * 5
plan += [("ufr", "ufr-montpellier", Role.UFR_AGENT)] * 5
ids = Contract.objects.values_list("id", flat=True)
scopes = {
    "national": list(ids.order_by("?")[:2000]),
    "ars": list(ids.filter(followup_region="76")[:2000]),
    "ufr": list(ids.filter(ufr__code="ufr-montpellier")[:2000]),
}
from datetime import UTC, datetime, timedelta
from cesp.core.audit.chain import entry_digest, hashed_fields
from cesp.core.audit.models import AuditEntry, AuditHead
from cesp.core.audit.services import audit_key, verify_chain
AUDIT = int(os.environ.get("BENCH_AUDIT_ENTRIES", "100000"))
missing = AUDIT - AuditEntry.objects.count()
if missing > 0:  # same hashing as audit.services.record, written in bulk
    head = AuditHead.objects.get(pk=1)
    previous, entries = head.last_hash, []
    when = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(missing):
        entry = AuditEntry(actor_label="bench", action="bench.entry", object_type="bench",
                           object_id=str(n), after={"n": n}, reason="",
                           recorded_at=when + timedelta(seconds=n), previous_hash=previous)
        entry.hash = previous = entry_digest(audit_key(), previous, hashed_fields(entry))
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries, batch_size=5000)
    last = AuditEntry.objects.order_by("-id").first()
    AuditHead.objects.filter(pk=1).update(last_hash=last.hash, last_entry_id=last.pk,
                                          length=AuditEntry.objects.count())
started = __import__("time").perf_counter()
checked, breaks = verify_chain()
audit_verify = {"entries": checked, "breaks": len(breaks),
                "seconds": round(__import__("time").perf_counter() - started, 2)}
users = []
for index, (scope, org, role) in enumerate(plan):
    defaults = {"role": role, "organisation": orgs[org], "is_active": True}
    user, _ = User.objects.update_or_create(username=f"bench-{index}", defaults=defaults)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["cesp_login_at"] = int(__import__("time").time())
    store.create()
    users.append({"scope": scope, "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"})
print("@@SETUP@@" + json.dumps({"contracts": Contract.objects.count(), "created": summary.created,
                                "users": users, "scopes": scopes, "audit_verify": audit_verify,
                                "projection_rebuild_seconds": projection_seconds}))
"""


def ensure_database(url: str = DB_URL) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path, url: str = DB_URL, contracts: int = CONTRACTS) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=f"{workdir}{os.pathsep}{ROOT}",
        DATABASE_URL=url,
        BENCH_CONTRACTS=str(contracts),
        CESP_DEMO_MODE="0",
    )
    return env


def setup(env: dict[str, str], script: str = SETUP) -> dict:
    """Run the set-up ``script`` in a Django process; its ``@@SETUP@@`` JSON line, timed."""
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    for line in done.stdout.splitlines():
        if line.startswith("@@SETUP@@"):
            result = json.loads(line[9:])
            result["setup_seconds"] = round(time.perf_counter() - started, 1)
            return result
    raise RuntimeError(done.stderr[-3000:])


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(PYTHON).with_name("gunicorn")
    command = [
        str(gunicorn), "cesp.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
        "--log-level", "warning", "--keep-alive", "30",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bare/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def paths_for(scenario: str, user: dict, scopes: dict, rng: random.Random) -> str:
    ids = scopes[user["scope"]]
    year = rng.randint(2010, 2024)
    region = "76" if user["scope"] == "ars" else rng.choice(["11", "53", "76", "84", "93"])
    if scenario == "bare":
        return "/bare/"
    if scenario == "contract_page":
        return f"/contrats/{rng.choice(ids)}/"
    if scenario == "api_detail":
        return f"/api/contracts/{rng.choice(ids)}"
    if scenario == "filtered_list":
        region_filter = "" if user["scope"] == "ufr" else f"&region={region}"
        return f"/contrats/?profession=medecine&campaign_year={year}{region_filter}"
    if scenario == "status_list":  # status is computed: read from the fresh projection
        status = rng.choice(["in_studies", "practising", "completed", "broken"])
        region_filter = "" if user["scope"] == "ufr" else f"&region={region}"
        return f"/contrats/?status={status}&campaign_year={year}{region_filter}"
    return f"/api/contracts/?profession=medecine&campaign_year={year}&limit=50"


def run_scenario(
    scenario: str, port: int, users: list[dict], scopes: dict, paths: Callable = paths_for
) -> dict:
    """``paths(scenario, user, scopes, rng)`` gives each request's path (another bench on
    this harness passes its own)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(users))

    def worker(index: int, user: dict) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": user["cookie"], "Connection": "keep-alive"}
        mine = []
        for step in range(REQUESTS + 3):  # 3 warm-up requests per thread, not counted
            if step == 3:
                barrier.wait()
            path = paths(scenario, user, scopes, rng)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = str(exc)
            elapsed = (time.perf_counter() - started) * 1000
            if step >= 3:
                if status == 200:
                    mine.append(elapsed)
                else:
                    with lock:
                        errors.append(f"{status} {path}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i, u)) for i, u in enumerate(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "p50_ms": round(quantiles[49], 1),
        "p95_ms": round(quantiles[94], 1),
        "max_ms": round(latencies[-1], 1) if latencies else 0,
        "requests_per_s": round(len(latencies) / wall, 1),
    }


def workers_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by the gunicorn workers."""
    import psutil

    total = 0.0
    for child in psutil.Process(server.pid).children():
        times = child.cpu_times()
        total += times.user + times.system
    return total


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    import psutil

    children = psutil.Process(server.pid).children()
    return [round(child.memory_info().rss / 2**20, 1) for child in children]


def main() -> dict:
    ensure_database()
    with tempfile.TemporaryDirectory(prefix="cesp-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "bench_settings.py").write_text(SETTINGS)
        (workdir / "bench_urls.py").write_text(URLS)
        env = environment(workdir)
        data = setup(env)
        port = free_port()
        server = start_server(env, port)
        load_before = round(os.getloadavg()[0], 1)
        try:
            results = {}
            scenarios = ("bare", "contract_page", "filtered_list", "status_list")
            for scenario in (*scenarios, "api_detail", "api_list"):
                cpu_before = workers_cpu_seconds(server)
                results[scenario] = run_scenario(scenario, port, data["users"], data["scopes"])
                cpu = workers_cpu_seconds(server) - cpu_before  # warm-up requests included
                served = results[scenario]["requests"] + USERS * 3
                results[scenario]["worker_cpu_ms_per_request"] = round(cpu * 1000 / served, 2)
                alone = run_scenario(scenario, port, data["users"][:1], data["scopes"])
                results[scenario]["single_user_p95_ms"] = alone["p95_ms"]
            rss = worker_rss_mb(server)
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
        "setup_seconds": data["setup_seconds"],
        "concurrent_users": USERS,
        "load_average_before": load_before,
        "load_average_after": round(os.getloadavg()[0], 1),
        "gunicorn": f"{WORKERS} workers × {THREADS} threads (gthread)",
        **results,
        "worker_rss_mb": rss,
        "audit_verify": data["audit_verify"],
        "projection_rebuild_seconds": data["projection_rebuild_seconds"],
        "targets": {
            "contract_page_p95_lt_200ms": results["contract_page"]["p95_ms"] < 200,
            "filtered_list_p95_lt_300ms": results["filtered_list"]["p95_ms"] < 300,
            "worker_rss_lt_300mb": bool(rss) and max(rss) < 300,
            "no_errors": all(r["errors"] == 0 for r in results.values()),
            "audit_chain_intact": data["audit_verify"]["breaks"] == 0,
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, ensure_ascii=False))
