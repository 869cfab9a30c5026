"""The patient care record (ePCR): NEMSIS v3.5.1 in shape, checked as care is documented.

``tree`` (entries and groups), ``elements`` (the element table), ``record`` (the record and
its edits), ``not_values``, ``groups`` (building one group), ``vitals``, ``interventions``,
``plausibility`` and ``completion`` (what a lock needs).
"""
