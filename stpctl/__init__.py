"""stpctl: validate and report on Sustainability and Transformation Plans kept as YAML."""

from __future__ import annotations

__version__ = "1.0.0"
