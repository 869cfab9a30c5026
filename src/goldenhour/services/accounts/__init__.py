"""Agencies, users, sign-in, crew members' own accounts, and the audit log."""
