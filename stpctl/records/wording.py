"""Small pieces of plain English shared by messages and documents."""

from __future__ import annotations


def counted(number: int, word: str) -> str:
    """ "1 error", "2 errors": the number with its noun in the right number."""
    return f"{number} {word}{'' if number == 1 else 's'}"
