"""CAP 1.2 documents: write, validate against the OASIS XSD, read safely, publish as Atom."""
