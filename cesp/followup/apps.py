"""Referents, yearly exchanges, convocations and messages between signatories and agents
(issue 11).
"""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "cesp.followup"
    label = "followup"
    verbose_name = "Suivi des signataires"

    def ready(self) -> None:
        from cesp.contracts.permissions import register_contract_ability, register_list_narrowing
        from cesp.territories.impact import register_impact_listener

        from . import convocations, permissions, services  # noqa: F401 (document kind)
        from .notifications import register_kinds

        register_contract_ability("view_followup", permissions.can_view_followup)
        register_contract_ability("manage_followup", permissions.can_manage_followup)
        register_list_narrowing(
            "mes-signataires",
            "Mes signataires (référent nommé)",
            permissions.is_ars,
            permissions.narrow_to_mine,
        )
        register_impact_listener(services.tell_referent_of_zoning_change)
        register_kinds()
