"""The discrete-event simulation of an EMS system on GoldenHour's own dispatch rules."""
