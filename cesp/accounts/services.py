"""Account use cases, one transaction each, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cesp.core.audit.services import record

from .permissions import is_active_user

#: Backup codes given at enrolment, each usable once (django-otp's static device).
BACKUP_CODES = 10
BACKUP_DEVICE_NAME = "codes de secours"


def can_reset_second_factor(actor) -> bool:
    """Administrators of the platform (superusers) only: a reset lets someone enrol anew."""
    return is_active_user(actor) and bool(actor.is_superuser)


def issue_backup_codes(user) -> list[str]:
    """Replace the user's backup codes by ``BACKUP_CODES`` new ones, returned once (django-otp
    keeps them to check; they are never shown again). Each code is deleted when used."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        record(user, "accounts.otp.backup_codes", user, after={"codes": BACKUP_CODES})
    return codes


def reset_second_factor(actor, user, reason: str) -> int:
    """Lost device: delete every second-factor device of ``user`` (authenticator and backup
    codes) so that their next sign-in enrols anew. Audited with the reason; returns the
    number of devices deleted."""
    if not can_reset_second_factor(actor):
        raise PermissionDenied("Seul un administrateur réinitialise le second facteur.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Indiquez le motif de la réinitialisation."]})
    with transaction.atomic():
        devices = [f"{type(d).__name__}:{d.name}" for d in devices_for_user(user, confirmed=None)]
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(actor, "accounts.otp.reset", user, before={"devices": devices}, reason=reason)
    return len(devices)
