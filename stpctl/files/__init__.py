"""The file system at a run's edges: which plan files to read; writing outputs whole.

May import: records.
"""
