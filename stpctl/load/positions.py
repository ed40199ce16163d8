"""Where each node of a loaded plan was written."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Positions:
    """Where each node of a loaded plan was written (1-based line, column)."""

    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

    def locate(self, pointer: str) -> tuple[int, int]:
        """The node's own position, or its nearest ancestor's when it is absent."""
        while True:
            found = self.values.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def locate_key(self, pointer: str) -> tuple[int, int]:
        """Where the key of a mapping member was written (for unknown keys)."""
        found = self.keys.get(pointer)
        return found if found is not None else self.locate(pointer)
