"""Readers of a loaded plan's parts (actions, years, the finance bridge), half-valid or not.

May import: records.
"""
