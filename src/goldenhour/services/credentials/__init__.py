"""Providers and their certifications: create, change standing, import a roster, and
read credentials out of storage for scope decisions and unit levels."""
