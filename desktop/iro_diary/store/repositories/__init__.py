"""Repositories: every query lives here. They take a session, may flush, and never commit."""
