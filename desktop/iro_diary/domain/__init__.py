"""The domain: the service's rules as pure Python.

Working days, statutory timescales, caseload maths, codes and errors. Nothing here imports Qt or SQLAlchemy,
touches a file or reads the clock: "today" is always a parameter.
"""
