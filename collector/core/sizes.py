"""File sizes as people read them: the one formatter of the ticket text, summaries, skip reasons and the
wizard (``512 bytes``, ``34 KB``, ``1,5 MB``, ``2 GB``; binary multiples, as Windows Explorer shows them)."""

from __future__ import annotations

KB = 1024
MB = 1024 * KB
GB = 1024 * MB


def human_size(n: int, decimal_point: str = ",") -> str:
    """``n`` bytes, short; ``decimal_point`` is the language's (Portuguese by default)."""
    if n < KB:
        return f"{n} bytes"
    if n < MB:
        return f"{round(n / KB)} KB"
    if n >= GB:
        return f"{n / GB:.1f} GB".replace(".0 GB", " GB").replace(".", decimal_point)
    mb = n / MB
    if mb >= 100 or mb == int(mb):
        return f"{mb:.0f} MB"
    return f"{mb:.1f} MB".replace(".", decimal_point)
