"""The original text (plan.txt): checksum, errata applied, page breaks joined, spans located.

In:  the path of plan.txt and the errata list.
Out: a Source that answers "is this fragment verbatim?" and "on which line does it start?".

Why one joined string: a page break splits a sentence over lines; joining the non-empty lines with
nothing between them is exactly the repair the plan data applies, so every verbatim field of the
data must be a substring of this string.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

BOX_HEADER = re.compile(r"^专栏\s*(\d+)\s")


@dataclass
class Source:
    """plan.txt as raw lines and as one joined, corrected string with a line index."""

    raw_lines: list[str]
    sha256: str
    corrected_lines: list[str] = field(default_factory=list)
    joined: str = ""
    _starts: list[int] = field(default_factory=list)
    _line_of_start: list[int] = field(default_factory=list)

    def contains(self, fragment: str) -> bool:
        return fragment in self.joined

    def line_of(self, fragment: str) -> int | None:
        """1-based line where the first occurrence of ``fragment`` starts, or None."""
        at = self.joined.find(fragment)
        if at < 0:
            return None
        i = bisect.bisect_right(self._starts, at) - 1
        return self._line_of_start[i]

    def lines_of(self, fragment: str) -> list[int]:
        """1-based start lines of every occurrence of ``fragment`` (empty when it is not verbatim)."""
        out, at = [], self.joined.find(fragment)
        while fragment and at >= 0:
            out.append(self._line_of_start[bisect.bisect_right(self._starts, at) - 1])
            at = self.joined.find(fragment, at + 1)
        return out


def read_source(path: Path, errata: list[tuple[int, str, str]]) -> Source:
    """errata: (line, original, corrected) — applied to that line, every occurrence."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    lines = text.split("\n")
    src = Source(raw_lines=lines, sha256=hashlib.sha256(data).hexdigest())
    fixed = list(lines)
    for line, original, corrected in errata:
        if 1 <= line <= len(fixed):
            fixed[line - 1] = fixed[line - 1].replace(original, corrected)
    src.corrected_lines = fixed
    parts, pos, boxes_seen = [], 0, set()
    for no, line in enumerate(fixed, 1):
        piece = line.rstrip()
        if not piece:
            continue
        box = BOX_HEADER.match(piece)
        if box and box[1] in boxes_seen:
            continue  # a 专栏 title repeated at the top of the next page: not text
        if box:
            boxes_seen.add(box[1])
        src._starts.append(pos)
        src._line_of_start.append(no)
        parts.append(piece)
        pos += len(piece)
    src.joined = "".join(parts)
    return src
