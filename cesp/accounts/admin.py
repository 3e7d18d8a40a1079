from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation__kind"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("cesp", {"fields": ["role", "organisation"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region_code"]
    list_filter = ["kind", "region_code"]
    search_fields = ["code", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with ``ApiToken.issue`` (the raw value is shown once)."""

    list_display = ["organisation", "name", "created_at", "revoked_at"]
    readonly_fields = ["token_hash", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
