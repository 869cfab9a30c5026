"""Destinations and transport: facilities and their per-service status, destination rules
and recommendation, and monitoring of offload (ambulances waiting at hospitals)."""
