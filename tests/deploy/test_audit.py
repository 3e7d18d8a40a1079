"""`make audit` (docs/deploy.md): pip-audit in strict mode on the pinned dependencies.
Where the vulnerability source cannot be reached it must fail loudly — without
--strict, pip-audit reports success offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_audit_fails_loudly_when_the_vulnerability_source_is_unreachable(tmp_path):
    venv = Path(sys.executable).parent.parent
    unreachable = "http://127.0.0.1:9"  # discard port: every connection is refused
    env = {
        **os.environ,
        "HTTPS_PROXY": unreachable,
        "HTTP_PROXY": unreachable,
        "https_proxy": unreachable,
        "http_proxy": unreachable,
        "NO_PROXY": "",
        "no_proxy": "",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # no answer cached from an earlier run
    }
    done = subprocess.run(
        # -o: take the installed virtualenv as it is (no reinstall from the test).
        [
            "make",
            "-o",
            "install",
            "-o",
            f"{venv}/.installed",
            "audit",
            f"VENV={venv}",
            f"AUDIT_REQS={tmp_path / 'requirements.txt'}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0, done.stdout + done.stderr
    assert "make audit: FAILED" in done.stderr
    assert "could not be audited" in done.stderr
    audited = (tmp_path / "requirements.txt").read_text().split()
    assert any(line.startswith("Django==") for line in audited)
    assert all("==" in line for line in audited)  # exact pins: what is audited is deployed
