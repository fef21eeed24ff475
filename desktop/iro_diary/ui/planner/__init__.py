"""The planner: a window's unbooked requirements proposed as provisional bookings, previewed, then booked."""
