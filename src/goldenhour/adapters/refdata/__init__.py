"""Reference data shipped in the package (``goldenhour/data``) and read into domain objects."""
