// Runs the search engine (docs/assets/search/engine.js) in Node, without a browser, for
// tests/test_search_js.py: reads a JSON job on stdin, writes the answers as JSON on stdout.
//
// Job: {files: {uri: script text of the index, as genhe_plan.search.index_files wrote it},
//       norm: [text], shard: [[bigram, n]], url: [[docs ref, html mode]],
//       search: [query], top: N, marks: [[text, [needle]]]}
// Every key but files is optional. The index files are run as they are in a page: each calls
// genheSearchLoad(kind, n, data).
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const E = require(path.join(__dirname, "..", "..", "docs", "assets", "search", "engine.js"));

function partsOf(files) {
  const parts = {};
  const sandbox = { genheSearchLoad: (kind, n, data) => { parts[kind + n] = data; } };
  vm.createContext(sandbox);
  for (const text of Object.values(files || {})) vm.runInContext(text, sandbox);
  return parts;
}

async function answer(job) {
  const parts = partsOf(job.files);
  const engine = E.create((kind, n) => (kind + n in parts ? Promise.resolve(parts[kind + n]) : Promise.reject(new Error(`no part ${kind}${n}`))));
  const out = {};
  if (job.shard) out.shard = job.shard.map(([bg, n]) => E.shardOf(bg, n));
  if (!job.files) return out;
  await engine.load("meta", 0);
  const meta = engine.meta();
  if (job.norm) out.norm = job.norm.map((t) => E.norm(meta, t));
  if (job.url) out.url = job.url.map(([ref, html]) => E.urlFor(meta, ref, html));
  if (job.marks) out.marks = job.marks.map(([text, needles]) => E.markedRuns(meta, text, needles));
  if (job.sentence) out.sentence = job.sentence.map(([text, needles]) => E.sentence(meta, text, needles));
  if (job.search) {
    out.search = [];
    for (const q of job.search) {
      const res = await engine.search(q, job.filters || {});
      const hits = res.hits.slice(0, job.top || 10).map((h) => [h.r, h.tier, h.score, h.needles, h.via]);
      out.search.push({ short: !!res.short, suggest: res.suggest || null, summary: E.summary(res), hits });
    }
  }
  return out;
}

answer(JSON.parse(fs.readFileSync(0, "utf8"))).then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (err) => { process.stderr.write(String(err && err.stack ? err.stack : err) + "\n"); process.exit(1); },
);
