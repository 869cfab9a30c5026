"""Scope of practice: the skills catalog, the rule layers (national, state, agency protocol)
and the decision whether a provider or level may perform a skill."""
