"""Surveillance files: the shipped case definitions and SaTScan's case and coordinates files."""
