"""Units: the levels of care, the level a unit's crew on duty gives it, and the unit
timeline (status state machine and the NEMSIS times it stamps)."""
