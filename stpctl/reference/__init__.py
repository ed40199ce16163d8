"""Data shipped with stpctl: guidance packs, standards, the register, schemas, the skeleton.

May import: records, load.
"""
