"""Launching Debian's Chromium the one way this project does (tests and benchmarks)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls home at start, which a closed
# network refuses; --no-sandbox because CI runs as root.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
