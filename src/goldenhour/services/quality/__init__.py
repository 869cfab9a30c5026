"""Quality use cases: storing an old CAD's history, reporting response times and care."""
