"""Benchmarks anyone can run: ``python -m bench`` (see bench/README.md).

Performance is measured here, on realistic data, never by timed tests.
"""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100), interpolating linearly between the two closest ranks
    (numpy's default method), so that the p95 of 200 timings is not just one sample."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def summarise(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds, and the number of timings."""
    return {
        "p50_ms": round(percentile(seconds, 50) * 1000, 2),
        "p95_ms": round(percentile(seconds, 95) * 1000, 2),
        "max_ms": round(max(seconds) * 1000, 2),
        "n": len(seconds),
    }
