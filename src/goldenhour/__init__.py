"""GoldenHour: an open-source platform that runs an Emergency Medical Services system."""

__version__ = "0.1.0"
