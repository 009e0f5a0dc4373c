"""Plain-text tables for the terminal, shared by `build` and `stats`."""

from __future__ import annotations


def table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> str:
    """Left-aligned columns under a header and a dashed rule, as wide as their widest cell."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(tuple("-" * w for w in widths))] + [line(r) for r in rows])


def short(text: str, width: int) -> str:
    """`text` cut to `width` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
