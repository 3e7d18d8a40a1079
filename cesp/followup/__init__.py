"""Referents, yearly exchanges, convocations and messages between signatories and agents
(issue 11).
"""
