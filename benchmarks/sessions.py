"""What both load benchmarks record per session, and how a step's sessions are summed up."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from benchmarks.report import percentile


@dataclass
class Session:
    load_s: float | None = None
    clicks_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def summarise(sessions: list[Session], warm: Session) -> dict:
    """Errors (the warm-up's first), loads and clicks counted, and their p50 / p95."""
    loads = [s.load_s for s in sessions if s.load_s is not None]
    clicks = [c for s in sessions for c in s.clicks_s]
    nan = float("nan")
    return {
        "errors": warm.errors + [e for s in sessions for e in s.errors],
        "loaded": len(loads),
        "load_p50": statistics.median(loads) if loads else nan,
        "load_p95": percentile(loads, 0.95),
        "clicks": len(clicks),
        "click_p50": statistics.median(clicks) if clicks else nan,
        "click_p95": percentile(clicks, 0.95),
    }
