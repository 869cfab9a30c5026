"""Scope-of-practice questions asked of an agency's real rules and real providers."""
