"""Counts in Portuguese as a reader says them: "1 arquivo", "1.200 arquivos" — never "arquivo(s)".

Brazilian Portuguese separates thousands with a period and uses the singular only for exactly one
(ABNT/INMETRO usage; the wizard's own counts go through Qt's plural forms in ``collector.ui``).
"""

from __future__ import annotations


def number(n: int) -> str:
    """``1200`` → ``"1.200"``."""
    return f"{n:,}".replace(",", ".")


def count(n: int, one: str, many: str) -> str:
    """``count(1, "arquivo", "arquivos")`` → "1 arquivo"; ``count(0, ...)`` → "0 arquivos"."""
    return f"{number(n)} {one if n == 1 else many}"
