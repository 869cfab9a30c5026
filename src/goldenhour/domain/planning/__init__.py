"""Planning: how many ambulances, where, and how a plan performs before it is put on the road.

Pure models (no I/O, no wall clock): location models (:mod:`.location`), queueing models
(:mod:`.hypercube`, :mod:`.erlang`) and the discrete-event simulation of the EMS system.
"""
