"""What every concept of the domain shares: the error tree, the event base, cited sources,
name matching and US state codes."""
