"""``manage.py issue_api_token ORG_CODE NAME``: print a new token once; only its hash is kept."""

from django.core.management.base import BaseCommand, CommandError

from cesp.accounts.models import ApiToken, Organisation


class Command(BaseCommand):
    help = "Émet un jeton d'API pour une organisation (affiché une seule fois)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", help="code de l'organisation")
        parser.add_argument("name", help="libellé du jeton (programme qui l'utilise)")

    def handle(self, *args, organisation: str, name: str, **options) -> None:
        org = Organisation.objects.filter(code=organisation).first()
        if org is None:
            raise CommandError(f"Organisation inconnue : « {organisation} ».")
        token, raw = ApiToken.issue(org, name)
        self.stdout.write(f"Jeton n° {token.pk} pour {org.code} (à conserver, non réaffiché) :")
        self.stdout.write(raw)
