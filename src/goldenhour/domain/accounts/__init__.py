"""Who may use GoldenHour: agencies, roles, what each role may touch, and the audit hash chain."""
