"""Smoke test of the production stack (docs/deploy.md), on loopback against PostgreSQL.

A fresh database is migrated with ``cesp.settings.prod``, static files are collected
into a temporary STATIC_ROOT, and gunicorn is started with ``deploy/gunicorn.conf.py``
on a free 127.0.0.1 port. Over HTTP, as the reverse proxy would speak to it
(``X-Forwarded-Proto: https``), the test checks the health endpoint, a static asset
served by WhiteNoise under its hashed name, and a student's login and contract page.

Bounded in time (every step has a timeout) and the server is always killed.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
STEP_TIMEOUT = 600  # seconds per command: collectstatic hashes and compresses ~9 000 files
START_TIMEOUT = 60  # seconds for gunicorn to answer its first request
REFERENCE = "CESP-FUMEE-0001"
CREATE_STUDENT = """
import json, os, django
django.setup()
from tests.factories import ContractFactory, UserFactory
student = UserFactory(student=True, username="etudiant-fumee", first_name="Camille")
student.set_password(os.environ["SMOKE_PASSWORD"])
student.save()
contract = ContractFactory(reference=os.environ["SMOKE_REFERENCE"], signatory=student)
print(json.dumps({"contract": contract.pk}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_dsn(dbname: str) -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=dbname,
    )


@pytest.fixture
def fresh_database_url() -> Iterator[str]:
    """An empty PostgreSQL database of its own, dropped afterwards."""
    name = f"cesp_smoke_{secrets.token_hex(4)}"
    with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    yield f"postgres://{db['USER']}{password}@{host}/{name}"
    with psycopg.connect(_admin_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Client:
    """A tiny HTTP client that keeps cookies by hand: the production cookies are
    ``Secure`` and ``__Host-``, which a cookie jar would not send over plain HTTP."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, *, body: dict | None = None, https: bool = True, **headers
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        origin = f"https://127.0.0.1:{self.port}"
        sent = {"Host": f"127.0.0.1:{self.port}", **headers}
        if https:  # what the TLS-terminating proxy adds
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            sent |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": f"{origin}{path}",
            }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, payload


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"{args} a échoué :\n{done.stdout}\n{done.stderr}"
    return done.stdout


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                assert server.poll() is None, f"gunicorn s'est arrêté :\n{log.read_text()}"
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                assert time.monotonic() < deadline, f"gunicorn muet :\n{log.read_text()}"
                time.sleep(0.2)
            yield server
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)


def test_production_stack_serves_health_static_files_and_a_students_contract(
    fresh_database_url, tmp_path
):
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "cesp.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "CESP_RESEARCH_PSEUDONYM_KEY": secrets.token_urlsafe(50),
        "CESP_AUDIT_KEY": secrets.token_urlsafe(50),
        "CESP_AUDIT_ANCHOR_FILE": str(tmp_path / "audit-anchors.jsonl"),
        "DATABASE_URL": fresh_database_url,
        "STATIC_ROOT": str(tmp_path / "static"),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    _run(["-m", "django", "migrate", "--noinput", "-v", "0"], env)
    _run(["-m", "django", "collectstatic", "--noinput", "-v", "0"], env)
    student = {"SMOKE_PASSWORD": password, "SMOKE_REFERENCE": REFERENCE}
    created = json.loads(_run(["-c", CREATE_STUDENT], env | student))
    port = _free_port()
    client = Client(port)

    with _gunicorn(env, port, tmp_path / "gunicorn.log"):
        # Health: anonymous, plain HTTP (the load balancer's probe), JSON.
        status, headers, body = client.request("GET", "/sante/", https=False)
        assert status == 200, body
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body) == {"statut": "ok", "base_de_donnees": "ok"}

        # Any other page over plain HTTP is sent to HTTPS.
        status, headers, _ = client.request("GET", "/accounts/login/", https=False)
        assert status == 301
        assert headers["Location"].startswith("https://")

        # The login page links a hashed stylesheet, served by WhiteNoise.
        status, headers, body = client.request("GET", "/accounts/login/")
        assert status == 200
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "script-src 'self';" in headers["Content-Security-Policy"]
        page = body.decode()
        stylesheet = re.search(r'href="(/static/web/cesp\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "feuille de style sans nom haché"
        status, headers, css = client.request(
            "GET", stylesheet.group(1), **{"Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"]
        assert headers["Content-Encoding"] == "gzip"
        assert b"{" in gzip.decompress(css)

        # The student logs in through the form, then reads their contract.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _ = client.request(
            "POST",
            "/accounts/login/",
            body={
                "username": "etudiant-fumee",
                "password": password,
                "csrfmiddlewaretoken": token,
            },
        )
        assert status == 302, "connexion refusée"
        assert "__Host-sessionid" in client.cookies
        status, _, body = client.request("GET", f"/contrats/{created['contract']}/")
        assert status == 200
        assert REFERENCE in body.decode()
