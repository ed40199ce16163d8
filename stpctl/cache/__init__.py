"""A cache of check results, so that a re-run on unchanged plans is nearly free.

After ``check`` (it stores what checking gave) and before ``documents``:
``location`` finds the folder, ``fingerprint`` says what a result depends
on, ``entries`` writes a result as JSON and reads it back, ``store`` keeps
the entries.

May import: records, files, load, plan, reference, check.
"""
