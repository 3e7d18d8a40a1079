"""Declared workflows: named transitions between states, guarded by the rules, each one
logged (who, when, from, to, why). Used by dossiers, commissions, offers, payment runs,
breach cases and signatories' requests (developers' guide: "Workflows are declared
transitions with a log, and their guards call the rules")."""
