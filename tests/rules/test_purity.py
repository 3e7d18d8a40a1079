"""cesp/rules is the regulation as code: no Django import, only stdlib and PyYAML."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import cesp.rules

ALLOWED_THIRD_PARTY = {"yaml"}


def test_no_django_or_other_third_party_import_in_cesp_rules():
    root = Path(cesp.rules.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top != "django", f"{path}: import {name}"
                assert top in sys.stdlib_module_names | ALLOWED_THIRD_PARTY | {"cesp"}, (
                    f"{path}: import {name}"
                )
