from __future__ import annotations

from stpctl.cli import main

main()
