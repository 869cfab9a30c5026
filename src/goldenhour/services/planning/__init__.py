"""Planning use cases: queueing reports, simulation runs, replications and scenarios."""
