"""Records every stage shares: findings, JSON pointers, counted words.

May import: nothing else of stpctl.
"""
