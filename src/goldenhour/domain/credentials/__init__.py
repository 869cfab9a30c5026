"""A provider's credentials: certification levels (the NEMSIS ladder and legacy names),
certifications and endorsements, and their standing at a given time."""
