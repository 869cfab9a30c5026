"""Call triage: the protocol as data, its key questions, and the decision from dispatch reason
and answers to priority, level of care, response mode and response plan."""
