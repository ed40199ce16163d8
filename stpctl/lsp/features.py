"""The requests besides diagnostics: hover, code actions, completion and the
outline, each answered from the newest check of the document."""

from __future__ import annotations
