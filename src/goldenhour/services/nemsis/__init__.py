"""NEMSIS files in and out: the agency's DEMDataSet (export and import) and the EMSDataSet
of locked records (export and import)."""
