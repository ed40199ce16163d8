"""Reading a plan: bytes to data plus the position of every node, or one load finding.

May import: records.
"""
