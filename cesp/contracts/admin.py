from django.contrib import admin

from .models import Contract, ContractEvent


class ReadOnlyEventInline(admin.TabularInline):
    """Events are append-only: shown, never edited here (use the services)."""

    model = ContractEvent
    fk_name = "contract"
    extra = 0
    can_delete = False
    fields = ["type", "date", "start", "end", "zone_share", "cause", "author", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "signatory_last_name",
        "signatory_first_name",
        "profession",
        "category",
        "campaign_year",
        "ufr",
        "followup_region",
    ]
    list_filter = ["profession", "category", "campaign_year", "followup_region"]
    search_fields = ["reference", "pseudonym", "signatory_last_name", "signatory_first_name"]
    readonly_fields = ["pseudonym", "created_at", "updated_at"]
    raw_id_fields = ["signatory"]
    inlines = [ReadOnlyEventInline]
