from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from . import services
from .models import ApiToken, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active", "organisation__kind"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("cesp", {"fields": ["role", "organisation"]})]
    actions = ["reset_second_factor"]

    @admin.action(description="Réinitialiser le second facteur (appareil perdu)")
    def reset_second_factor(self, request, queryset):
        """Lost device (docs/accounts.md): delete the selected agents' authenticators and
        backup codes, the reason written to the audit log; they enrol at next sign-in."""
        if not services.can_reset_second_factor(request.user):
            raise PermissionDenied
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") == "oui":
            try:
                for user in queryset:
                    services.reset_second_factor(request.user, user, reason)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Second facteur réinitialisé pour {queryset.count()} compte(s).",
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Réinitialiser le second facteur",
            "users": queryset,
            "reason": reason,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/accounts/reset_second_factor.html", context)


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
