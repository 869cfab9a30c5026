"""Units on the road: their crews and level of care, the fleet, positions (AVL) and the
unit timeline."""
