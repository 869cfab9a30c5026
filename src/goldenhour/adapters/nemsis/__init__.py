"""NEMSIS v3.5.1 XML: reading and writing the national EMS data standard's documents."""
