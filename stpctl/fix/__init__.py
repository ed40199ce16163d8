"""Fixes: mechanical edits to a plan's text, each tied to the finding that asks for it.

A fix is a list of edits on character ranges of the text as read, with an
applicability (safe, or unsafe when it may change what the author meant);
edits are applied in one pass from the end and never overlap, and the result
is loaded and checked again before anything is shown or written.

May import: records, files, load, plan, reference, check.
"""
