"""Advisories: CAP 1.2 alerts built from surveillance signals, for the public and the crews."""
