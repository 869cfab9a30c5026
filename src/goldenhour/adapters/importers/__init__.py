"""Readers that turn files from outside (planners' GIS exports, JEMSS models, an old CAD's
past calls) into domain values."""
