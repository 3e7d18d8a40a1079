"""Offers of contracts in rank order, lapses and the cascade down the lists, signature and
countersignature (issue 9; interfaces.md §4)."""
