"""Meeting invites as iCalendar (RFC 5545) and iTIP (RFC 5546) objects that Outlook accepts, updates and cancels.

Pure: every function takes plain frozen data (the meeting, the organiser, the privacy choice, the time zone, the
time stamp) and returns bytes or decisions. The services load the data and deliver the results (email, feeds).
"""
