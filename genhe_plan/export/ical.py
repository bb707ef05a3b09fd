"""deadlines.ics: one all-day event per dated target (RFC 5545).

The only date that is not data (DTSTAMP) comes from SOURCE_DATE_EPOCH, so the file is byte-identical
across runs.
"""

from __future__ import annotations

import datetime
import re

from ..input import schema as S
from ..model import Plan
from ..present import labels as P
from ..progress.status import data_moment
from ..progress.status import end_of as deadline_date

UID_DOMAIN = "genhe-plan"
ESCAPE_OR_CHAR = re.compile(r"\\.|.", re.DOTALL)


def ics_escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> bytes:
    """RFC 5545 §3.1: lines of at most 75 octets; continuation lines start with one space.
    Why by octet and never inside a character or an escape: a Chinese character is 3 octets, and
    some calendar apps misread a fold between the backslash and the letter of an escape (\\n)."""
    out, current = [], b""
    for token in ESCAPE_OR_CHAR.findall(line):
        b = token.encode("utf-8")
        if len(current) + len(b) > 75:
            out.append(current)
            current = b" "
        current += b
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def summary_of(t: S.Target) -> str:
    return P.target_label(t) if t.value is not None else t.metric


def where_of(plan: Plan, t: S.Target) -> str:
    if t.task:
        p = plan.paragraphs[t.task]
        return f"任务：{p.title or p.text[:40]}"
    box = plan.box_of[t.project]
    return f"重点工程：{P.project_label(box, plan.projects[t.project])}"


def dtstamp() -> str:
    return data_moment().strftime("%Y%m%dT%H%M%SZ")


def dated_targets(plan: Plan) -> list[S.Target]:
    return [t for t in plan.targets if t.kind == "target" and t.deadline]


def deadlines_ics(plan: Plan) -> bytes:
    """One all-day VEVENT per dated target, in plan order."""
    stamp = dtstamp()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//genhe-plan//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(plan.meta.short_title + ' 期限目标')}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for t in dated_targets(plan):
        day = deadline_date(t.deadline)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{t.id}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(summary_of(t))}",
            f"DESCRIPTION:{ics_escape(t.quote + chr(10) + where_of(plan, t) + chr(10) + '期限：' + t.deadline)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(ics_fold(line) for line in lines)
