"""data/plan.sqlite: the plan and its progress as one SQLite database for analysts (sqlite3,
Datasette). Tables: chapters, departments, places, indicators, tasks, projects, targets, links,
reports, statuses, progress — with foreign keys — and ``search``, an FTS5 table over every text.

Why the bytes are stable: the database is built in memory with fixed settings, rows inserted in
plan order, then VACUUMed and serialised; SQLite writes no time into the file. (The file header
records the SQLite library version, so the same plan gives the same bytes with the same SQLite.)
Why trigram: FTS5's default tokenizer does not split Chinese; trigram finds any substring of at
least three characters (SQLite ≥ 3.34).
"""

from __future__ import annotations

import sqlite3

from ..input import schema as S
from ..model import Plan
from ..progress import status as st
from .progress import state_rows
from .tables import LINKS

DDL = """
PRAGMA foreign_keys = ON;
CREATE TABLE chapters (id TEXT PRIMARY KEY, number INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE departments (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, category TEXT, remit TEXT);
CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, aliases TEXT);
CREATE TABLE indicators (id TEXT PRIMARY KEY, number INTEGER, category TEXT, name TEXT NOT NULL, unit TEXT,
  baseline_2020 TEXT, target_2025 TEXT, attribute TEXT);
CREATE TABLE tasks (id TEXT PRIMARY KEY, chapter_id TEXT NOT NULL REFERENCES chapters(id), section_title TEXT,
  title TEXT, text TEXT NOT NULL, lead_department TEXT REFERENCES departments(id), lead_basis TEXT, source_line INTEGER);
CREATE TABLE projects (id TEXT PRIMARY KEY, box_id TEXT NOT NULL, box_number INTEGER, box_title TEXT,
  chapter_id TEXT REFERENCES chapters(id), number INTEGER, title TEXT NOT NULL, text TEXT);
CREATE TABLE targets (id TEXT PRIMARY KEY, kind TEXT, metric TEXT, comparator TEXT, value TEXT, unit TEXT, deadline TEXT,
  scope TEXT, quote TEXT, paragraph TEXT, task TEXT REFERENCES tasks(id), project TEXT REFERENCES projects(id),
  indicator TEXT REFERENCES indicators(id));
CREATE TABLE links (source_type TEXT, source_id TEXT, relation TEXT, target_type TEXT, target_id TEXT, basis TEXT, evidence TEXT);
CREATE TABLE reports (id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, issuer TEXT, date TEXT, as_of TEXT NOT NULL,
  source_url TEXT, source_document TEXT, source_page TEXT);
CREATE TABLE statuses (key TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE progress (report_id TEXT NOT NULL REFERENCES reports(id), item_type TEXT NOT NULL, item_id TEXT NOT NULL,
  status TEXT NOT NULL REFERENCES statuses(key), value_number REAL, value_text TEXT, unit TEXT, evidence TEXT NOT NULL, note TEXT,
  task TEXT REFERENCES tasks(id), target TEXT REFERENCES targets(id), indicator TEXT REFERENCES indicators(id),
  project TEXT REFERENCES projects(id), PRIMARY KEY (report_id, item_id));
CREATE TABLE state_keys (key TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE states (item_type TEXT NOT NULL, item_id TEXT PRIMARY KEY, state TEXT NOT NULL REFERENCES state_keys(key),
  state_label TEXT NOT NULL, basis TEXT NOT NULL, via_link TEXT, via_item TEXT, report_id TEXT REFERENCES reports(id), as_of TEXT,
  deadline TEXT, deadline_passed INTEGER NOT NULL, comparison TEXT, comparison_text TEXT, data_date TEXT NOT NULL);
CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, id UNINDEXED, title, text, tokenize = 'trigram');
"""


def _rows(plan: Plan) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    out["chapters"] = [(c.id, c.number, c.title) for c in plan.chapters]
    out["departments"] = [(d.id, d.name, d.kind, d.category, d.remit) for d in plan.departments]
    out["places"] = [(p.id, p.name, p.kind, "；".join(p.aliases)) for p in plan.places]
    out["indicators"] = [
        (i.id, i.number, " › ".join(i.category), i.name, i.unit, i.baseline_2020, i.target_2025, i.attribute) for i in plan.indicators
    ]
    out["tasks"] = []
    for t in plan.tasks:
        w = plan.where[t.id]
        lead = t.lead.department if t.lead else None
        out["tasks"].append(
            (t.id, w.chapter.id, w.section.title if w.section else None, t.title, t.text, lead, t.lead.basis if t.lead else None, w.line)
        )
    out["projects"] = [
        (pr.id, b.id, b.number, b.title, b.chapter, pr.number, pr.title, "\n".join(pr.text)) for b in plan.boxes for pr in b.projects
    ]
    out["targets"] = _target_rows(plan)
    out["links"] = [tuple(r) for r in LINKS.rows(plan)]
    out["reports"] = [
        (r.id, r.kind, r.title, r.issuer, r.date, r.as_of, r.source.url, r.source.document, r.source.page) for r in plan.reports
    ]
    out["statuses"] = list(S.STATUS_LABEL.items())
    out["progress"] = _progress_rows(plan)
    out["state_keys"] = list(st.STATE_LABEL.items())
    out["states"] = [
        tuple(int(v == "true") if k == "deadline_passed" else v for k, v in row.items()) for row in state_rows(plan)
    ]  # the columns of states.csv, in its order
    return out


def _target_rows(plan: Plan) -> list[tuple]:
    task_ids = {t.id for t in plan.tasks}
    return [
        (
            t.id,
            t.kind,
            t.metric,
            t.comparator,
            t.value,
            t.unit,
            t.deadline,
            t.scope,
            t.quote,
            t.task,
            t.task if t.task in task_ids else None,
            t.project,
            t.indicator,
        )
        for t in plan.targets
    ]


def _progress_rows(plan: Plan) -> list[tuple]:
    out = []
    for r in plan.reports:
        for e in r.entries:
            kind = st.item_kind(plan, e.item)
            number = float(e.value) if isinstance(e.value, int | float) else None
            text = None if e.value is None else st.format_number(e.value)
            fks = tuple(e.item if kind == k else None for k in ("task", "target", "indicator", "project"))
            out.append((r.id, kind, e.item, e.status, number, text, e.unit, e.evidence, e.note, *fks))
    return out


def _search_rows(plan: Plan) -> list[tuple]:
    rows = [("task", t.id, t.title or "", t.text) for t in plan.tasks]
    rows += [("target", t.id, t.metric, t.quote) for t in plan.targets]
    rows += [("indicator", i.id, i.name, " › ".join(i.category)) for i in plan.indicators]
    rows += [("project", pr.id, pr.title, "\n".join(pr.text)) for b in plan.boxes for pr in b.projects]
    rows += [("department", d.id, d.name, d.remit) for d in plan.departments]
    rows += [
        ("progress", f"{r.id}/{e.item}", r.title, e.evidence + ("\n" + e.note if e.note else "")) for r in plan.reports for e in r.entries
    ]
    return rows


def sqlite_bytes(plan: Plan) -> bytes:
    """The database file's bytes. Raises sqlite3.IntegrityError if a foreign key is broken (a bug:
    validation guarantees every reference)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("PRAGMA page_size = 4096")
        conn.executescript(DDL)
        for table, rows in _rows(plan).items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        conn.executemany("INSERT INTO search VALUES (?,?,?,?)", _search_rows(plan))
        conn.commit()
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise sqlite3.IntegrityError(f"foreign keys broken: {problems[:5]}")
        conn.execute("INSERT INTO search(search) VALUES ('optimize')")
        conn.commit()
        conn.execute("VACUUM")
        return conn.serialize()
    finally:
        conn.close()


# (name, path, format, mediatype, title, description) — the shape of package.OTHER_RESOURCES entries
SQLITE_RESOURCE = (
    "plan-sqlite",
    "plan.sqlite",
    "sqlite",
    "application/vnd.sqlite3",
    "SQLite 数据库",
    "任务、目标、指标、重点工程、部门、地点、关联、报告、进展与各条目的状态（states），含外键和全文检索表 search（FTS5，trigram 分词）；可用 sqlite3 或 Datasette 打开",
)
