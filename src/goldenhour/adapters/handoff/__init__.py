"""The handoff document for the receiving hospital: HTML from the record, printed to PDF."""
