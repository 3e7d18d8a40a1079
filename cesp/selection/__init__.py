"""Dossiers, commissions, listes, quotas et offres (issue 9)."""
