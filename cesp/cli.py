"""``cesp``: the command-line entry point.

Each domain owns its sub-commands in its own module, exposing ``main(argv) -> int``.
Commands that need the database set up Django themselves (``cesp.core.cli.setup_django``).
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "rules": ("cesp.rules.cli", "Moteur de règles : évaluer, documenter, traiter une cohorte"),
    "demo": ("cesp.contracts.demo_cli", "Installer les données de démonstration et servir"),
    "zoning": ("cesp.territories.cli", "Zonages : consultation d'une commune à une date"),
    "aids": ("cesp.territories.aids_cli", "Aides à l'installation applicables à une commune"),
    "observatory": (
        "cesp.observatory.cli",
        "Observatoire : rapport de cohorte, cohorte synthétique",
    ),
    "audit": ("cesp.core.audit.cli", "Journal d'audit : vérifier la chaîne"),
}


def usage() -> str:
    lines = ["usage: cesp COMMANDE [options]", "", "Commandes :"]
    lines += [f"  {name:<12} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"cesp : commande inconnue « {name} »\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
