"""Public-health surveillance use cases: detection runs, the officer's queue, advisories."""
