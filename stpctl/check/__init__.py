"""Checking a plan: schema, question status, rules, configuration, waivers, and the engine.

May import: records, files, load, plan, reference.
"""
