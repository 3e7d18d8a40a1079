"""``cesp demo [--no-serve]``: migrate, load the reference geography and the demo
data, print the logins, then serve on 127.0.0.1:$PORT (default 8000)."""

from __future__ import annotations

import argparse
import os
import sys
import time

from django.conf import settings
from django.core.management import call_command, get_commands

from cesp.core.cli import setup_django

from .demo_data import DEMO_ACCOUNTS, DEMO_PASSWORD, DOMAIN_DEMO_ACCOUNTS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cesp demo", description="Démonstration de cesp")
    parser.add_argument("--no-serve", action="store_true", help="tout préparer sans servir")
    args = parser.parse_args(argv)
    setup_django()
    started = time.monotonic()
    print("Migrations de la base…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    prepare(sys.stdout)
    port = os.environ.get("PORT", "8000")
    print_logins(sys.stdout, port, serving=not args.no_serve)
    print(f"Prêt en {time.monotonic() - started:.0f} s.", flush=True)
    if args.no_serve:
        return 0
    # DEBUG is off in the demo (French error pages): runserver serves static files only
    # when told to.
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, insecure_serving=True)
    return 0


#: The domain apps' demo loaders, in the order their data builds on each other. Each is an
#: idempotent management command that loads nothing when its data is already there.
DOMAIN_DEMOS = (
    "load_demo_selection",
    "load_demo_offers",
    "load_demo_payments",
    "load_demo_breach",
    "load_demo_followup",
    "load_demo_requests",
)


def prepare(out, total: int = 3000, territories: bool = True) -> None:
    """Reference geography (if the territories app provides it) then demo data."""
    from .demo import load_demo  # models: only once Django is set up (main)

    if territories and "load_territories" in get_commands():
        out.write("Chargement des territoires…\n")
        call_command("load_territories")
    out.write("Chargement des données de démonstration…\n")
    summary = load_demo(total=total)
    if summary.already_loaded:
        out.write("Données de démonstration déjà présentes : rien à faire.\n")
    else:
        out.write(f"{summary.created} contrats créés.\n")
    if territories and "load_demo_projects" in get_commands():
        call_command("load_demo_projects", stdout=out)
    for command in DOMAIN_DEMOS:
        if command in get_commands():  # each domain app on floor 4 brings its own
            call_command(command, stdout=out)
    out.write("Projection des statuts pour les filtres de liste…\n")
    call_command("project_statuses", apply=True, stdout=out)
    out.write("Envoi des notifications en attente…\n")
    call_command("send_outbox", apply=True, stdout=out)


def print_logins(out, port: str, serving: bool = True) -> None:
    url = f"http://127.0.0.1:{port}/"
    if serving:
        out.write(f"\ncesp est servi sur {url}\n")
    else:
        out.write(f"\nPrêt : « .venv/bin/cesp demo » sert sur {url}\n")
    if not settings.CESP_DEMO_MODE:
        out.write("Mode démonstration désactivé : aucun compte de démonstration.\n")
        return
    out.write(f"Comptes de démonstration (mot de passe « {DEMO_PASSWORD} ») :\n")
    for username, (role, org) in {**DEMO_ACCOUNTS, **DOMAIN_DEMO_ACCOUNTS}.items():
        out.write(f"  {username:<26} {role.label}{f' — {org}' if org else ''}\n")
