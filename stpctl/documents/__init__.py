"""Documents as data: the checklist, the board report, the roll-up and the diff.

May import: records, files, load, plan, reference, check (never a renderer).
"""
