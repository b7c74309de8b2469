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


# For the benchmarks: no host name resolves but the local ones, so nothing can leave the
# machine without Playwright intercepting every request (which costs time per request and
# would be measured as the page's).
LOCAL_ONLY = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]


def launch(playwright, extra_args: list[str] | None = None):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS + (extra_args or []))
