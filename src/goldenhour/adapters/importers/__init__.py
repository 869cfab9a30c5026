"""Readers that turn files from outside into domain values: provider rosters (CSV), hospital
lists (HIFLD, CMS), planners' GIS exports, JEMSS models and an old CAD's past calls."""
