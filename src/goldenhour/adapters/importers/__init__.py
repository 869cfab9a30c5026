"""Readers that turn files from outside (planners' GIS exports, JEMSS models) into domain values."""
