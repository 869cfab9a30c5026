"""Reference data read into domain objects: the rules shipped in the package (``goldenhour/data``)
with an agency's own overrides, and third-party reference files (the call mix)."""
