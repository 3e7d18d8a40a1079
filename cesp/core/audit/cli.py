"""``cesp audit verify``: check the hash chain of the audit log."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cesp audit", description="Journal d'audit")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify", help="vérifier la chaîne d'empreintes du journal")
    args = parser.parse_args(argv)
    if args.command == "verify":
        from cesp.core.cli import setup_django

        setup_django()
        return verify(sys.stdout)
    return 2


def verify(out) -> int:
    """Print the result; exit status 1 when the chain is broken."""
    from .services import verify_chain

    count, breaks = verify_chain()
    if not breaks:
        out.write(f"Chaîne d'audit intègre : {count} entrées vérifiées.\n")
        return 0
    out.write(f"Chaîne d'audit ROMPUE : {len(breaks)} rupture(s) sur {count} entrées.\n")
    for item in breaks:
        out.write(f"  - {item}\n")
    return 1
