"""Invites and calendar feeds: building them from the diary, queueing and sending the emails, writing the feeds."""
