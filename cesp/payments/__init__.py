"""The payment ledger: monthly runs, SEPA files, bank returns, statements and attestations
(issue 10).
"""
