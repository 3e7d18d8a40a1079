"""Shared guardrails: time is frozen unless a test says otherwise."""
