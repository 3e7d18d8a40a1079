"""Second factor for agents (reliability.md: "Agents: second factor (django-otp)").

When ``CESP_REQUIRE_OTP_FOR_AGENTS`` is true (production), an agent — every role but
``student`` — whose session has not been verified by a TOTP code is sent to
``/accounts/otp/`` (or to enrolment if they have no confirmed device yet). Public
views, login, logout, static files and the OTP pages themselves stay reachable. On
``/api/`` an unverified agent's *session* counts for nothing, so a program's bearer
token still works and a session alone gets 401. Codes are never logged.
"""

from __future__ import annotations

import re
from base64 import b32encode
from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .enums import Role

WRONG_CODE = (
    "Code incorrect ou expiré. Saisissez le code à 6 chiffres affiché maintenant "
    "par votre application d'authentification."
)


def is_agent(user) -> bool:
    """Every authenticated account but a student's is an agent."""
    return bool(user.is_authenticated) and getattr(user, "role", None) != Role.STUDENT


def needs_second_factor(user) -> bool:
    """True when the setting is on and this agent's session is not OTP-verified."""
    if not getattr(settings, "CESP_REQUIRE_OTP_FOR_AGENTS", False) or not is_agent(user):
        return False
    return not user.is_verified()


class AgentSecondFactorMiddleware:
    """Send an agent whose session is not OTP-verified to the code page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not needs_second_factor(request.user):
            return None
        path = request.path_info
        if path.startswith("/api/"):
            request.user = AnonymousUser()  # a token may still authenticate
            return None
        exempt = ("/accounts/otp/", reverse("logout"), "/" + settings.STATIC_URL.lstrip("/"))
        if path.startswith(exempt):
            return None
        public = not getattr(view_func, "login_required", True)
        if public and not path.startswith("/admin/"):  # the admin opts out, but is not public
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('otp_verify')}?{query}")


#: A backup code (django-otp's ``StaticToken.random_token``): 8 characters of base32.
BACKUP_CODE = re.compile(r"^[a-z2-7]{8}$")


class TokenForm(forms.Form):
    """A 6-digit code of the authenticator; with ``backup=True`` also a backup code."""

    token = forms.CharField(
        label="Code à usage unique",
        max_length=12,
        error_messages={"required": "Saisissez le code à 6 chiffres de votre application."},
    )

    def __init__(self, *args, backup: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.backup = backup

    def clean_token(self) -> str:
        token = re.sub(r"[\s-]", "", self.cleaned_data["token"]).lower()
        if re.fullmatch(r"[0-9]{6}", token):
            return token
        if self.backup and BACKUP_CODE.match(token):
            return token
        if self.backup:
            raise forms.ValidationError(
                "Le code de l'application ne contient que des chiffres (6) ; un code de "
                "secours compte 8 lettres et chiffres."
            )
        raise forms.ValidationError("Le code ne contient que des chiffres (6).")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else settings.LOGIN_REDIRECT_URL


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


@sensitive_post_parameters("token")
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask an agent for the current code of their authenticator application."""
    if not is_agent(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect(_with_next("otp_enrol", request))
    form = TokenForm(request.POST or None, backup=True)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])  # a backup code is spent
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("token")
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Give an agent without a confirmed device a TOTP secret; confirm it on a right code."""
    if not is_agent(request.user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    if user_has_device(request.user, confirmed=True):
        return redirect(_with_next("otp_verify", request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="cesp", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = services.issue_backup_codes(request.user)  # shown here, once
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "accounts/otp_backup_codes.html", context)
        form.add_error("token", WRONG_CODE)
    context = {
        "form": form,
        "next": _next_url(request),
        "config_url": device.config_url,
        "qr_svg": qr_svg(device.config_url),
        "secret": spaced_secret(device.bin_key),
    }
    return render(request, "accounts/otp_enrol.html", context)


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as inline SVG, drawn here (no external service, no script:
    paths only, which the Content-Security-Policy allows)."""
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(scale=4, svgclass="cesp-otp-qr", lineclass=None, title="QR code")
    return mark_safe(svg)  # drawn by segno from our own URI: no user markup


def spaced_secret(key: bytes) -> str:
    """The TOTP secret in base32, in groups of four, for typing by hand."""
    secret = b32encode(key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
