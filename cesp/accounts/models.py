"""Accounts: users and the organisations they act for (stub, completed by the platform)."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person using cesp."""
