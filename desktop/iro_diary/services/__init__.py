"""Use cases: one public method is one user action is one transaction.

Services open the session (`Database.read()` / `write()`), call repositories and the domain, write the audit
row for every change in the same transaction, and return frozen dataclass rows plus a `Changes` value that
says what changed, so each open view can decide for itself whether to refresh.
"""
