"""Quality: how fast the service reaches people and how well it cares for them.

Response-time intervals from NEMSIS eTimes, fractiles the way EMS reports them (nearest rank,
never interpolated), compliance at or under a target, standards and contract rules as data,
and care measures as rules over a record's NEMSIS elements. Pure: no I/O, no clock.
"""
