"""Accounts and trust: who is signed in, what roles they hold, research consent, audit.

Kept in its own SQLite file beside the graph: accounts are not teaching practice, and an
account can be removed without touching the graph (and the reverse).
"""
