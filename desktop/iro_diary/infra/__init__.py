"""Infrastructure: paths, logging, the clock, the user's local settings and crash handling.

Nothing here knows about meetings or children; everything here is about the machine the app runs on.
"""
