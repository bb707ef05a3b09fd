/* The record search engine, without a page: normalisation (= genhe_plan/search/normalise.py), query
 * analysis and variants, postings lookup, ranking, snippets and highlight ranges, and the URL of a result.
 *
 * Pure: nothing here touches the DOM, `location` or any global when it loads or runs. The index parts
 * (search/meta.js, search/p/N.js, search/r/N.js; genhe_plan/search/index.py writes them) reach an engine
 * through the ``fetchPart(kind, n) → Promise`` it is created with; the views (search.js) load them with
 * <script> tags, tests/js/engine_runner.js from the files Python wrote.
 *
 * Engine: a query matches a record when the record's normalised text contains it (containment),
 * decided from the positions of consecutive character bigrams in the postings shards.
 * Ranking: whole-query matches (query, errata and synonym variants) above all-terms matches above
 * partial (bigram overlap) matches; within a tier a match in the record's name beats one in its body.
 * Loaded as a classic script (window.genheSearchEngine) or a CommonJS module (Node).
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.genheSearchEngine = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Tie-breaks between record types: for a match in the name, and for a match in the body only (a
  // department's remit and a place's aliases are editorial text, so their body matches count least).
  var NAME_WEIGHT = { indicator: 60, department: 55, place: 55, project: 50, task: 50, section: 40, target: 30, paragraph: 10 };
  var BODY_WEIGHT = { task: 50, project: 45, paragraph: 30, target: 25, indicator: 20, section: 0, department: 5, place: 5 };
  var ASKED_BONUS = 40; // a record of the kind the question asks for (askedFor): enough to win a near tie only
  // How something is done (怎么处理, 如何 …): the tasks and projects, which say what is to be done, over
  // targets and sections that only name the topic (a target's name is its metric, a task's its lead sentence).
  var HOW_BONUS = 100;
  // Who is in charge of something (归谁管, 哪个部门): the departments whose remit has the topic, even partly
  // (污水处理厂归谁管 → 住房和城乡建设部门: 城镇污水与垃圾处理设施), first, as CHANNEL_BONUS puts channels first.
  var WHO_BONUS = 1500;
  // How things stand (好不好, 有多少 …): the topic's indicator, then its targets, over records that only
  // mention the topic. Whom to call (电话, 举报 …): the sentences that give a channel, over everything.
  var QUALITY_BONUS = { indicator: 400, target: 150 };
  var CHANNEL_BONUS = 1500;
  // A match through an everyday word (concepts.yaml): below the literal whole-term matches. Scored by the
  // share of the query's concepts the record holds, in its name or not, the rest of the query it has, and
  // how often it names them (up to 5 times × 8: a record about the topic names it more than once; the base
  // is 40 lower than before that count, so a record reached only through a synonym still ranks below one
  // holding every piece of the question as written: 碳排放什么时候达峰 → 碳排放 … 达峰 before 二氧化碳排放).
  var CONCEPT_BASE = 560;

  // ------------------------------------------------------------------ normalisation (= normalise.py)
  /** text → {s: normalised string, map: for each UTF-16 unit of s, the index of its source in text}. */
  function normMap(meta, text) {
    var out = "", map = [], i = 0;
    for (var ch of text) {
      var n = ch.normalize("NFKC").toLowerCase();
      for (var c of n) {
        if (meta.drop.indexOf(c) >= 0) continue;
        out += c;
        for (var k = 0; k < c.length; k++) map.push(i);
      }
      i += ch.length;
    }
    meta.rules.forEach(function (r) { out = out.split(r[0]).join(r[1]); });
    return { s: out, map: map };
  }
  function norm(meta, text) { return normMap(meta, text).s; }

  /** Which postings shard holds a bigram: FNV-1a over its UTF-16 code units (= normalise.shard_of). */
  function shardOf(bigram, n) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bigram.length; i++) {
      h ^= bigram.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % n;
  }

  function bigramsOf(s) {
    var a = Array.from(s), out = [];
    for (var i = 0; i + 1 < a.length; i++) out.push(a[i] + a[i + 1]);
    return out;
  }

  /** docs path (plan/ch05.md#t05-1-01) → the built page's address relative to the site root, from the
      table Python wrote (meta.pages: docs path → [directory URL, .html URL], urls.site_url). */
  function urlFor(meta, ref, htmlMode) {
    var parts = ref.split("#"), page = meta.pages[parts[0]];
    if (!page) throw new Error("no page for " + parts[0]);
    return page[htmlMode ? 1 : 0] + (parts[1] ? "#" + parts[1] : "");
  }

  // ------------------------------------------------------------------ how the results matched
  var HOW = { whole: "包含整个搜索词", key: "包含搜索词的主要部分", erratum: "按勘误后的写法", synonym: "通过同义词", everyday: "通过日常说法", cilin: "通过《同义词词林》的近义词", reorder: "调换词序后包含", near: "按相近的写法", pieces: "包含问句的各个部分", partial: "部分匹配" };

  /** How one hit matched: a key of HOW. ``q``, the query as normalised (res.q): a tier-3 match of less than
      all of it (冒黑烟的车 → 冒黑烟, 森林有多少 → 森林: question words and particles left out) is “key”, not “whole”. */
  function howMatched(hit, q) {
    if (hit.via && hit.via.length) return hit.via[0][0];
    if (hit.tier === 3) return q === undefined || (hit.needles || [])[0] === q.replace(/\s+/g, "") ? "whole" : "key";
    return hit.tier === 2 ? "pieces" : "partial";
  }

  /** The summary of a result list, honest about how each result matched: “找到 12 条结果：3 条包含整个搜索词；
      5 条通过日常说法（尾气→机动车）；4 条部分匹配。” */
  function summary(res) {
    if (res.short) return "请至少输入两个字。";
    if (!res.hits.length) return "没有找到结果。换个说法，或少输入几个字试试。";
    var counts = {}, words = {};
    res.hits.forEach(function (h) {
      var how = howMatched(h, res.q);
      counts[how] = (counts[how] || 0) + 1;
      if (how === "key") (words.key = words.key || {})[h.needles[0]] = true;
      (h.via || []).forEach(function (v) { if (v[0] !== "near") (words[v[0]] = words[v[0]] || {})[v[1] + "→" + v[2]] = true; });
    });
    var parts = Object.keys(HOW).filter(function (k) { return counts[k]; }).map(function (k) {
      var named = Object.keys(words[k] || {}).slice(0, 3);
      return counts[k] + " 条" + HOW[k] + (named.length ? "（" + named.join("，") + (Object.keys(words[k]).length > 3 ? "…" : "") + "）" : "");
    });
    var out = "找到 " + res.hits.length + " 条结果：" + parts.join("；") + "。";
    if (res.a && res.a.kind) out += "按“" + res.a.kind.word + "”的问法，优先显示" + res.a.kind.shown + "。";
    if (res.weak) {
      out += "最前面的结果只靠" + (res.weak.how === "cilin" ? "词林中的近义词（" : "部分字词（") + res.weak.words.join("、") + "）找到，未必是您要问的";
      out += res.weak.chapters.length ? "；可以看看这些章：" + res.weak.chapters.map(function (c) { return c[1]; }).join("、") + "。" : "。";
    }
    return out;
  }

  /** Whether the first result rests on little (issue 31): a partial match (some characters of the question: 根河,
      环保, 部门) or a thesaurus word alone. Then {how, words, chapters}: what it rests on and the chapters (up to 3)
      most of the first ten results come from, to offer instead of a confident first result; else null. */
  function weakness(meta, res) {
    var top = res.hits[0];
    if (!top || res.suggest) return null;
    var lexical = top.tier === 2 && top.via && top.via.every(function (v) { return v[0] === "cilin"; });
    if (top.tier !== 1 && !lexical) return null;
    var words = lexical ? top.via.map(function (v) { return v[1] + "→" + v[2]; }) : (top.needles || []).slice(0, 4);
    var count = new Map();
    res.hits.slice(0, 10).forEach(function (h) { var c = meta.ch[h.r]; if (c >= 0) count.set(c, (count.get(c) || 0) + 1); });
    var chapters = Array.from(count.keys()).sort(function (x, y) { return count.get(y) - count.get(x) || x - y; }).slice(0, 3);
    return { how: lexical ? "cilin" : "partial", words: words, chapters: chapters.map(function (c) { return meta.chapters[c]; }) };
  }

  // ------------------------------------------------------------------ highlights and snippets
  /** Where, in text, the first match lies of the sentence that holds the most distinct needles (0 if none). */
  function bestSentenceMatch(meta, text, needles) {
    var nm = normMap(meta, text), best = { count: 0, at: 0 }, from = 0;
    (text.match(/[^。；！？\n]+[。；！？\n]?/g) || []).forEach(function (piece) {
      var count = 0, at = -1;
      needles.forEach(function (n) {
        var i = n ? nm.s.indexOf(n) : -1;
        while (i >= 0 && nm.map[i] < from) i = nm.s.indexOf(n, i + 1);
        if (i < 0 || nm.map[i] >= from + piece.length) return;
        count += 1;
        if (at < 0 || nm.map[i] < at) at = nm.map[i];
      });
      if (count > best.count) best = { count: count, at: at };
      from += piece.length;
    });
    return best.at;
  }

  /** For each UTF-16 unit of text, 1 when it lies in an occurrence of one of the (normalised) needles. */
  function markRanges(meta, text, needles) {
    var nm = normMap(meta, text), marks = new Uint8Array(text.length);
    needles.forEach(function (n) {
      if (!n) return;
      for (var at = nm.s.indexOf(n); at >= 0; at = nm.s.indexOf(n, at + 1)) {
        var from = nm.map[at], last = nm.map[at + n.length - 1];
        var to = last + (text.codePointAt(last) > 0xffff ? 2 : 1);
        for (var i = from; i < to; i++) marks[i] = 1;
      }
    });
    return marks;
  }

  /** text cut into [piece, marked] runs by markRanges. */
  function markedRuns(meta, text, needles) {
    var marks = markRanges(meta, text, needles), out = [];
    for (var i = 0; i < text.length; ) {
      var j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      out.push([text.slice(i, j), !!marks[i]]);
      i = j;
    }
    return out;
  }

  /** The sentence of text that holds the most of the needles (the first such), cut to about 90 characters
      around its first match; the opening when none matches. */
  function sentence(meta, text, needles) {
    var stops = /[。；！？\n]/, first = bestSentenceMatch(meta, text, needles), start = first, end = first;
    while (start > 0 && !stops.test(text[start - 1])) start--;
    while (end < text.length && !stops.test(text[end])) end++;
    if (end < text.length) end++;
    var pre = "", post = "";
    if (first - start > 40) { start = first - 30; pre = "…"; }
    if (end - start > 90) { end = start + 90; post = "…"; }
    return pre + text.slice(start, end).replace(/\n/g, " ") + post;
  }

  // ------------------------------------------------------------------ query analysis
  /** The query without the question words people add (是多少, 怎么, 哪些 …). */
  function withoutQuestionWords(meta, q) {
    var out = q;
    meta.stop.forEach(function (w) { out = out.split(norm(meta, w)).join(""); });
    return out;
  }

  /** The pieces of a question between its question words and particles (满归镇的垃圾怎么处理 →
      满归镇, 垃圾, 处理); pieces of one character are dropped. */
  function piecesOf(meta, q) {
    var out = q;
    meta.stop.concat(meta.particles).forEach(function (w) { out = out.split(norm(meta, w)).join("\u0000"); });
    return out.split("\u0000").filter(function (p) { return Array.from(p).length >= 2; });
  }

  /** What a query asks, worked out once per search: ``q`` normalised; ``bare`` without question words;
      ``stripped`` = bare, or q when that leaves less than two characters; its ``pieces``; its
      ``topics`` (the pieces without those that only name a kind of record: 目标, 指标, 任务 …, see
      askedFor); the ``typed`` terms when it has spaces. */
  function analyse(meta, raw) {
    var q = norm(meta, raw || ""), bare = withoutQuestionWords(meta, q), pieces = piecesOf(meta, q), kinds = meta.kinds;
    var topics = pieces.filter(function (p) { return !kinds.hasOwnProperty(p); });
    var named = conceptsIn(meta, q, bare);
    return {
      kind: questionKind(meta, q),
      concepts: named.hits,
      rest: named.rest,
      left: named.left,
      cut: named.cut,
      q: q,
      bare: bare,
      stripped: Array.from(bare).length >= 2 ? bare : q,
      pieces: pieces,
      topics: topics.length ? topics : pieces,
      spaced: /\s/.test((raw || "").trim()),
      typed: (raw || "").split(/\s+/).map(function (t) { return norm(meta, t); }).filter(function (t) { return Array.from(t).length >= 2; }),
    };
  }

  /** What kind of answer the question asks (genhe_plan/search/question_kinds.py, meta.qkinds, first match wins): a
      question word or cue of the kind in it, or a modal verb with a yes/no particle last (能……吗). Then {i, key,
      word (as found, or 能……吗), shown, bonus}; else null. */
  function questionKind(meta, q) {
    var kinds = meta.qkinds || [], s = q.replace(/[?!。.，,]+$/, "");
    for (var i = 0; i < kinds.length; i++) {
      var k = kinds[i], word = null;
      k.asks.concat(k.cues).some(function (w) { return s.indexOf(w) >= 0 && (word = w); });
      if (!word) k.frames.some(function (f) {
        var end = f[1].filter(function (e) { return s.length > e.length && s.slice(-e.length) === e; })[0];
        var verb = end && f[0].filter(function (v) { return s.slice(0, s.length - end.length).indexOf(v) >= 0; })[0];
        return verb && (word = verb + "……" + end);
      });
      if (word) return { i: i, key: k.key, word: word, shown: k.shown, bonus: k.bonus };
    }
    return null;
  }

  /** The concepts a query names in everyday words (concepts.yaml; meta.everyday is longest first, each
      part of the query is taken once): ``hits`` [{word, terms}], and ``rest``, the pieces of the query
      outside those words and its question words. */
  function conceptsIn(meta, q, bare) {
    var hits = [], left = bare, cut = q;
    (meta.everyday || []).forEach(function (e) {
      if (left.indexOf(e[0]) < 0) return;
      left = left.split(e[0]).join("\u0000");
      cut = cut.split(e[0]).join("\u0000");
      if (hits.some(function (h) { return h.n === e[1]; })) return; // 烧煤 and 冒烟: one concept, counted once
      hits.push({ n: e[1], word: e[0], terms: meta.concepts[e[1]][0], kind: meta.concepts[e[1]][1] });
    });
    return { hits: hits, rest: hits.length ? piecesOf(meta, cut) : [], left: left, cut: cut };
  }

  /** The query's words found in the thesaurus bridge (search/l/N.js, genhe_plan/search/lexicon.py): stretches of
      two to four characters outside the curated everyday words, longest first, each part of the query taken
      once; each becomes a concept of kind "cilin" with its weight (0.8 synonyms, 0.5 related words). The entry of
      a word lies in the shard of its rarest bigram (the first, on a tie), as Python put it. */
  function lexiconIn(ix, a) {
    var meta = ix.meta, left = Array.from(a.left), cut = a.cut, found = [];
    if (!meta.lex) return;
    for (var len = 4; len >= 2; len--) {
      for (var at = 0; at + len <= left.length; at++) {
        var word = left.slice(at, at + len).join("");
        if (word.indexOf("\u0000") >= 0) continue;
        var key = null, least = Infinity;
        bigramsOf(word).forEach(function (bg) { var n = postingsOf(ix, bg).size; if (n < least) { least = n; key = bg; } });
        var shard = least <= meta.rare ? ix.l[shardOf(key, meta.lex)] : null, targets = shard && shard[word];
        if (!targets || acrossWord(ix, left, at, len)) continue;
        for (var k = at; k < at + len; k++) left[k] = "\u0000";
        cut = cut.split(word).join("\u0000");
        found.push({ n: -1 - found.length, word: word, terms: targets.map(function (t) { return t[0]; }), weight: targets[0][1], kind: "cilin" });
      }
    }
    if (!found.length) return;
    a.concepts = a.concepts.concat(found);
    a.rest = piecesOf(meta, cut);
  }

  /** Whether the stretch [at, at + len) of ``chars`` cuts through a word the plan writes: the character before it
      and its first, or its last and the one after, are a bigram more than meta.rare records have (监测中心地表水:
      心地 is not a word here, 中心 is). Without a segmenter, that is how a stretch across two words is told apart. */
  function acrossWord(ix, chars, at, len) {
    var before = at > 0 ? chars[at - 1] + chars[at] : "", after = at + len < chars.length ? chars[at + len - 1] + chars[at + len] : "";
    return [before, after].some(function (bg) { return bg.indexOf("\u0000") < 0 && bg.length > 1 && postingsOf(ix, bg).size > ix.meta.rare; });
  }

  /** Lexicon shards (search/l/N.js) to look the query up in: those of its rare bigrams (at most meta.rare records
      have them; the postings of the query must be loaded). */
  function lexiconShards(ix, a) {
    var meta = ix.meta, need = new Set();
    if (!meta.lex) return [];
    bigramsOf(a.bare).forEach(function (bg) { if (postingsOf(ix, bg).size <= meta.rare) need.add(shardOf(bg, meta.lex)); });
    return Array.from(need);
  }

  /** The pieces of a question, each that the plan never writes as it stands cut at the one-character
      words that join words (企业要公开 → 企业, 公开; 保护和修复 → 保护, 修复; meta.joiners). Why only
      such pieces: the same characters occur inside the plan's own terms (主要, 碳中和, 存在), which
      the plan does write as they stand and are never cut. */
  function wordsOf(ix, pieces) {
    var joiners = ix.meta.joiners, out = [];
    pieces.forEach(function (p) {
      if (Array.from(p).length < 4 || occurrences(ix, p).size) { out.push(p); return; }
      var cut = p;
      joiners.forEach(function (j) { cut = cut.split(j).join("\u0000"); });
      cut.split("\u0000").forEach(function (w) { if (Array.from(w).length >= 2) out.push(w); });
    });
    return out.length ? out : pieces;
  }

  /** Map of search strings → weight: the query, without question words, errata and synonym variants.
      Why the lower weight for a question in several pieces: taking out a question word from its
      middle joins words the user did not write together (危险废物在哪里处置 → 危险废物处置, as in
      “危险废物处置场”), so such a string found verbatim must not outrank a record that has each piece. */
  function variants(meta, a) {
    var out = new Map(), q = a.q, stripped = a.bare, joined = a.pieces.length > 1 ? 0.6 : 1;
    var topic = a.topics.length === 1 ? a.topics[0] : null; // 森林蓄积量的目标 → 森林蓄积量 (a target is asked for)
    a.via = new Map(); // variant → how it was reached: [["synonym" | "erratum" | "reorder", typed, searched]]
    function add(s, w, via) {
      if (Array.from(s).length < 2 || out.get(s) >= w) return;
      out.set(s, w);
      a.via.set(s, via || null);
    }
    add(q, 1);
    add(stripped, 0.97 * (stripped === q ? 1 : joined));
    if (topic) add(topic, 0.95);
    // A verb and its object in the order people say them, the plan's noun compound the other way round
    // (监测水质 → 水质监测, 处理垃圾 → 垃圾处理, 保护湿地 → 湿地保护): a four-character query or topic, its two
    // halves swapped, kept apart in a.swapped (weight, text): rank() tries them only when the order typed
    // finds nothing whole, below a name holding both halves.
    a.swapped = [];
    [stripped].concat(topic && topic !== stripped ? [topic] : []).forEach(function (b) {
      var c = Array.from(b), s = c[2] + c[3] + c[0] + c[1];
      if (c.length !== 4 || out.has(s)) return;
      a.swapped.push([0.75 * (b === q ? 1 : b === topic ? 0.95 : joined), s]);
      a.via.set(s, [["reorder", b, s]]);
    });
    if (stripped !== q) { // a question: also without the words that only say where or when it is asked from
      var unscoped = stripped;
      (meta.scope || []).forEach(function (w) { unscoped = unscoped.split(w).join(""); });
      if (unscoped !== stripped) add(unscoped, 0.95 * joined);
    }
    // An office called by the first words of its department's name and 局/委/厅/办 (应急局 → 应急管理部门,
    // 林业局 → 林业和草原部门): also search for the department's name, unless synonyms.yaml names it (环保局).
    a.topics.forEach(function (piece) {
      var m = /^(.{2,})[局委厅办]$/.exec(piece);
      if (!m || meta.syn.some(function (syn) { return norm(meta, syn[0]) === piece; })) return;
      (meta.names || []).forEach(function (e) {
        if (typeName(meta, e[0]) !== "department" || e[1].indexOf(m[1]) !== 0 || e[1] === piece) return;
        [q, stripped].forEach(function (b) {
          if (b.indexOf(piece) >= 0) add(b.split(piece).join(e[1]), 0.9 * (b === q ? 1 : joined), [["synonym", piece, e[1]]]);
        });
      });
    });
    [q, stripped].concat(topic ? [topic] : []).forEach(function (b) {
      var k = b === q ? 1 : b === topic ? 0.95 : joined;
      meta.errata.forEach(function (e) {
        var a = norm(meta, e[0]);
        if (b.indexOf(a) >= 0) add(b.split(a).join(norm(meta, e[1])), 0.98 * k, [["erratum", e[0], e[1]]]);
      });
      meta.syn.forEach(function (syn) {
        var t = norm(meta, syn[0]);
        if (b.indexOf(t) >= 0) syn[1].forEach(function (p) { add(b.split(t).join(norm(meta, p)), 0.9 * k, [["synonym", syn[0], p]]); });
      });
    });
    return out;
  }

  // ------------------------------------------------------------------ postings
  /** bigram → Map record → positions, decoded from its (loaded) shard once. */
  function postingsOf(ix, bg) {
    if (ix.decoded.has(bg)) return ix.decoded.get(bg);
    var shard = ix.p[shardOf(bg, ix.meta.shards)], flat = shard && shard[bg], m = new Map();
    if (flat) {
      for (var i = 0, r = 0; i < flat.length; i += 2) {
        r += flat[i];
        var ps = m.get(r);
        if (!ps) m.set(r, (ps = []));
        ps.push(flat[i + 1]);
      }
    }
    if (shard) ix.decoded.set(bg, m); // not cached before its shard has loaded
    return m;
  }

  /** Records whose text contains s (≥ 2 characters): Map record → start positions. */
  function occurrences(ix, s) {
    var bgs = bigramsOf(s), cur = null;
    for (var k = 0; k < bgs.length; k++) {
      var m = postingsOf(ix, bgs[k]);
      if (cur === null) {
        cur = new Map();
        m.forEach(function (ps, r) { cur.set(r, ps.slice()); });
        continue;
      }
      var next = new Map();
      cur.forEach(function (ps, r) {
        var qs = m.get(r);
        if (!qs) return;
        var have = new Set(qs), keep = ps.filter(function (p) { return have.has(p + k); });
        if (keep.length) next.set(r, keep);
      });
      cur = next;
      if (!cur.size) break;
    }
    return cur || new Map();
  }

  // ------------------------------------------------------------------ search
  function passes(meta, r, f) {
    if (f.type && typeName(meta, r) !== f.type) return false;
    if (f.ch && (meta.ch[r] < 0 || meta.chapters[meta.ch[r]][0] !== f.ch)) return false;
    if (f.dept && (meta.dp[r] < 0 || meta.depts[meta.dp[r]][0] !== f.dept)) return false;
    if (f.year && meta.yr[r].indexOf(+f.year) < 0) return false;
    return true;
  }

  /** Whether the question has one of the words of meta.asking[kind]. */
  function asks(meta, a, kind) {
    return (meta.asking[kind] || []).some(function (w) { return a.q.indexOf(norm(meta, w)) >= 0; });
  }

  /** What a record gets for being what the question asks for, as a function of record number, tier and
      whether it gives a channel: by its question words (什么时候 → a target with a deadline; 多少 → a target
      or an indicator; 好不好 → the indicator, then targets; 电话 → a channel; 怎么处理 → a task or a
      project, what is to be done) or by a piece that names a
      kind (的目标). The bonus for how things stand goes to whole-term and everyday-word matches only. */
  function askedFor(meta, a) {
    var when = asks(meta, a, "when"), amount = asks(meta, a, "amount"), quality = asks(meta, a, "quality");
    var contact = asks(meta, a, "contact"), how = !quality && asks(meta, a, "how"), who = asks(meta, a, "who"), named = {}, kind = a.kind;
    a.pieces.forEach(function (p) { if (meta.kinds.hasOwnProperty(p)) named[meta.kinds[p]] = true; });
    return function (r, tier, channel, some) {
      var type = typeName(meta, r), bonus = 0;
      if ((when && type === "target" && meta.yr[r].length > 0) || (amount && (type === "target" || type === "indicator")) || named[type]) bonus += ASKED_BONUS;
      if (how && (type === "task" || type === "project")) bonus += HOW_BONUS;
      if (who && type === "department") bonus += WHO_BONUS;
      if (quality && tier >= 2 && !some) bonus += QUALITY_BONUS[type] || 0;
      if (contact && channel) bonus += CHANNEL_BONUS;
      // What the question asks (question_kinds.py): for a record that has the topic (every piece or through an
      // everyday word), not to a partial match: the kind breaks ties among the records about the topic.
      if (kind && tier >= 2 && (meta.qa[r] >> kind.i) & 1) bonus += kind.bonus;
      return bonus;
    };
  }

  /** Records whose text gives a channel (meta.channels: 12369, 热线, 举报 …), when the question asks whom to call. */
  function channelRecords(ix, a) {
    var out = new Set();
    if (!asks(ix.meta, a, "contact")) return out;
    (ix.meta.channels || []).forEach(function (c) { occurrences(ix, norm(ix.meta, c)).forEach(function (_, r) { out.add(r); }); });
    return out;
  }

  /** Whether one of the positions ``ps`` of a string of ``len`` characters lies in record r's name. */
  function inName(meta, ps, len, r) {
    var nl = meta.nl[r];
    return ps.some(function (p) { return p + len <= nl; });
  }

  function typeName(meta, r) { return meta.types[meta.ty[r]][0]; }

  /** name form → Set of records (meta.names: a place's, department's or indicator's name, its aliases, a
      town's name without 镇/乡/市): a query that is one of them names that record exactly. */
  function nameForms(ix) {
    if (!ix.names) {
      ix.names = new Map();
      (ix.meta.names || []).forEach(function (e) {
        if (!ix.names.has(e[1])) ix.names.set(e[1], new Set());
        ix.names.get(e[1]).add(e[0]);
      });
    }
    return ix.names;
  }

  /** The ranked hits: whole-query variants (tier 3), every term or word (tier 2), partial (tier 1). */
  function rank(ix, a, alts, terms, filters) {
    var meta = ix.meta, best = new Map(), asked = askedFor(meta, a), stripped = a.stripped, channels = channelRecords(ix, a), named = nameForms(ix);
    function offer(r, score, tier, needles, via, some) {
      if (!passes(meta, r, filters)) return;
      score += asked(r, tier, channels.has(r), some);
      var had = best.get(r);
      if (!had || had.score < score) best.set(r, { r: r, score: score, tier: tier, needles: needles, via: via || null });
    }
    function offerWhole(w, alt, tier) {
      var len = Array.from(alt).length;
      occurrences(ix, alt).forEach(function (ps, r) {
        var nl = meta.nl[r], s = 1000 * w + meta.adj[r] + Math.min(ps.length, 5) * 4;
        var exact = len === nl || (named.has(alt) && named.get(alt).has(r)); // 敖鲁古雅: 敖鲁古雅乡 without 乡
        if (inName(meta, ps, len, r)) s += NAME_WEIGHT[typeName(meta, r)] + 300 + (exact ? 300 : 0) + Math.round((100 * len) / nl);
        else s += BODY_WEIGHT[typeName(meta, r)];
        offer(r, s, tier, [alt], a.via.get(alt));
      });
    }
    alts.forEach(function (w, alt) { offerWhole(w, alt, 3); });
    // The halves swapped (处理垃圾 → 垃圾处理) only where the plan has the query nowhere as typed: not the query
    // whole (tier 2), and never above a record that has it (生态保护 is not also searched as 保护生态).
    if (!best.size) a.swapped.forEach(function (x) { offerWhole(x[0], x[1], 2); });
    // Weighted share of the query's bigrams (without question words) each record has, overall and in its name.
    // Why not read it back from alts: an errata variant can outrank it there (教鲁古雅在哪里)
    var shares = bigramShares(ix, stripped), sets = terms.length > 1 ? terms.map(function (t) { return occurrences(ix, t); }) : [];
    if (sets.length) offerHoldingAll(ix, terms, sets, shares, 700, false, offer); // every term (or piece of the question)
    // A query of one piece, 4 or 6 characters: most such Chinese terms are two or three two-character
    // words (湿地保护 = 湿地 + 保护). A record whose name has every word, though not side by side
    // (加强森林、湿地生态系统保护与修复), ranks below the whole term and above partial matches.
    var chars = Array.from(stripped);
    if (terms.length < 2 && (chars.length === 4 || chars.length === 6)) {
      var words = [];
      for (var i = 0; i < chars.length; i += 2) words.push(chars[i] + chars[i + 1]);
      offerHoldingAll(ix, words, words.map(function (t) { return occurrences(ix, t); }), shares, 500, true, offer);
    }
    offerConcepts(ix, a, offer);
    offerPartial(ix, stripped, terms, sets, shares, best, offer);
    return Array.from(best.values()).sort(function (x, y) { return y.score - x.score || x.r - y.r; });
  }

  /** Records holding every one of ``words`` (``found``: their occurrences), or with ``nameOnly`` every
      one in the name: the name's share of the query breaks ties, and a short name they fill ranks first. */
  function offerHoldingAll(ix, words, found, shares, base, nameOnly, offer) {
    var meta = ix.meta, chars = words.reduce(function (c, t) { return c + Array.from(t).length; }, 0);
    found[0].forEach(function (_, r) {
      if (!found.every(function (m) { return m.has(r); })) return;
      var named = words.every(function (t, i) { return inName(meta, found[i].get(r), Array.from(t).length, r); });
      if (nameOnly && !named) return;
      var bonus = Math.round(100 * shares.get(r).name + (named ? (100 * chars) / meta.nl[r] : 0));
      offer(r, base + meta.adj[r] + bonus + (named ? 150 + NAME_WEIGHT[typeName(meta, r)] : BODY_WEIGHT[typeName(meta, r)]), 2, words);
    });
  }

  /** Partial (tier 1): enough of the query's bigrams, and of its pieces whole, for records not yet offered. */
  function offerPartial(ix, stripped, terms, sets, shares, best, offer) {
    var meta = ix.meta, seq = bigramsOf(stripped), pieces = pieceCover(ix, terms, sets);
    shares.forEach(function (g, r) {
      var cover = pieces.get(r) || { all: 0, name: 0 };
      if (g.all < 0.3 || best.has(r)) return;
      var run = Math.min(longestRun(ix, seq, r), 7);
      var s = 250 * g.all + 150 * g.name + 35 * run + 200 * cover.all + 100 * cover.name;
      offer(r, Math.round(s + meta.adj[r] / 2 + BODY_WEIGHT[typeName(meta, r)] / 2), 1, partialNeedles(g.bgs, terms));
    });
  }

  /** What to mark in a partial match: the query's bigrams the record has that lie inside one term (piece) of
      the question. Why: a bigram across two pieces (满归镇|垃圾 → 镇垃) is not a word the user asked for,
      and marks it inside another word (城镇垃圾). */
  function partialNeedles(bgs, terms) {
    return bgs.filter(function (bg) { return terms.some(function (t) { return t.indexOf(bg) >= 0; }); });
  }

  /** Tier 2 through everyday words (concepts.yaml): records holding a plan wording of the concepts the query
      names, by the share of those concepts they hold (in the name counting more) and the share of the rest of
      the query they have. Scored from CONCEPT_BASE: below a literal match of the whole query. */
  function offerConcepts(ix, a, offer) {
    if (!a.concepts.length) return;
    var meta = ix.meta, found = a.concepts.map(function (h) { return conceptOccurrences(ix, h.terms); });
    var rest = a.rest.length ? bigramShares(ix, a.rest.join("\u0000")) : new Map(), whole = a.rest.map(function (p) { return occurrences(ix, p); });
    var seen = new Set();
    found.forEach(function (m) { m.forEach(function (_, r) { seen.add(r); }); });
    seen.forEach(function (r) {
      var cover = 0, named = 0, times = 0, needles = [], via = [];
      found.forEach(function (m, i) {
        var f = m.get(r);
        if (!f) return;
        var wt = a.concepts[i].weight || 1; // curated everyday words 1, the thesaurus 0.8 or 0.5
        cover += wt / found.length;
        named += f.name ? wt / found.length : 0;
        times += Math.min(f.times, 5) / found.length;
        needles.push(f.term);
        via.push([a.concepts[i].kind, a.concepts[i].word, f.term]);
      });
      var held = 0;
      a.rest.forEach(function (p, i) { if (whole[i].has(r)) { needles.push(p); held++; } });
      // The rest of the question names something the plan writes (城里空气: 空气) and this record has none of it:
      // it matched the everyday word only (主城区), so it is not what a how-things-stand question asks about.
      // (No lower score beyond that: the rest may be a verb the plan writes everywhere, 废渣怎么处理 → 处理.)
      var missed = !held && a.rest.some(function (_, i) { return whole[i].size > 0; });
      // Reached through the thesaurus alone: lower by its distance (0.8 synonyms −60, 0.5 related words −150), so a
      // related word (核辐射 → 电磁辐射) does not pass a literal partial match of what was typed (核与辐射).
      var lexical = via.every(function (v) { return v[0] === "cilin"; }) ? 300 * (1 - Math.max.apply(null, a.concepts.filter(function (h, i) { return found[i].has(r); }).map(function (h) { return h.weight || 1; }))) : 0;
      // … and one that has little of the rest of the question (保护区里能开矿: 保护区; under a third of its bigrams) is a guess.
      var g = rest.get(r) || { all: 0, name: 0 }, type = typeName(meta, r);
      if (lexical && a.rest.length && (missed || g.all < 0.3)) lexical += 250;
      var s = CONCEPT_BASE - lexical + 150 * cover + 100 * named + 150 * g.all + 50 * g.name + meta.adj[r] + (named ? NAME_WEIGHT[type] : BODY_WEIGHT[type]) / 2 + 8 * times;
      offer(r, Math.round(s), 2, needles, via, needles.length - held < found.length || missed); // some of the concepts only: not what the question is about
    });
  }

  /** record → {name, term, times}: where the record has one of ``terms`` (one in its name preferred), and
      how often it has them (a record about the topic names it more than once). */
  function conceptOccurrences(ix, terms) {
    var out = new Map();
    terms.forEach(function (t) {
      occurrences(ix, t).forEach(function (ps, r) {
        var named = inName(ix.meta, ps, Array.from(t).length, r), had = out.get(r);
        if (!had || (named && !had.name)) out.set(r, { name: named, term: t, times: (had ? had.times : 0) + ps.length });
        else had.times += ps.length;
      });
    });
    return out;
  }

  /** record → {all, name, bgs}: the idf-weighted share of the bigrams of ``s`` the record has, the
      share it has in its name, and those bigrams. A pair no record has (question words, typos) says
      nothing about any record and is left out. */
  function bigramShares(ix, s) {
    var meta = ix.meta, total = 0, out = new Map();
    Array.from(new Set(bigramsOf(s))).forEach(function (bg) {
      var m = postingsOf(ix, bg);
      if (!m.size) return;
      var idf = Math.log(1 + meta.n / m.size);
      total += idf;
      m.forEach(function (ps, r) {
        var g = out.get(r) || { all: 0, name: 0, bgs: [] };
        g.all += idf;
        if (inName(meta, ps, 2, r)) g.name += idf;
        g.bgs.push(bg);
        out.set(r, g);
      });
    });
    out.forEach(function (g) { g.all /= total; g.name /= total; });
    return out;
  }

  /** For a question in several pieces (``terms``, ``sets`` their occurrences): record → the share of the
      pieces it holds whole, each piece weighted by how rare and how long it is (满归镇 counts more than
      处理), overall and in its name.
      Why: a record that names the place or thing asked about answers better than one that shares more
      of the common words. */
  function pieceCover(ix, terms, sets) {
    var meta = ix.meta, out = new Map(), total = 0;
    if (terms.length < 2) return out;
    terms.forEach(function (t, i) {
      var found = sets[i], len = Array.from(t).length, w = (len - 1) * Math.log(1 + meta.n / (found.size || 1));
      total += w;
      found.forEach(function (ps, r) {
        var c = out.get(r) || { all: 0, name: 0 };
        c.all += w;
        if (inName(meta, ps, len, r)) c.name += w;
        out.set(r, c);
      });
    });
    out.forEach(function (c) { c.all /= total; c.name /= total; });
    return out;
  }

  /** Longest stretch of the query's bigrams the record has at consecutive positions (a shared phrase). */
  function longestRun(ix, seq, r) {
    var most = 0, prev = new Map();
    seq.forEach(function (bg) {
      var cur = new Map();
      (postingsOf(ix, bg).get(r) || []).forEach(function (p) {
        var k = (prev.get(p - 1) || 0) + 1;
        cur.set(p, k);
        if (k > most) most = k;
      });
      prev = cur;
    });
    return most;
  }

  /** The search strings (variants) and terms of a query, and the postings shards they need. */
  function plan(meta, raw) {
    var a = analyse(meta, raw), alts = variants(meta, a), need = new Set();
    var terms = a.typed.length > 1 ? a.typed : a.topics; // a question without spaces: its pieces are its terms
    var strings = Array.from(alts.keys()).concat(terms, a.rest, a.swapped.map(function (x) { return x[1]; }));
    a.concepts.forEach(function (h) { strings = strings.concat(h.terms); });
    if (asks(meta, a, "contact")) strings = strings.concat(meta.channels.map(function (c) { return norm(meta, c); }));
    strings.forEach(function (t) { bigramsOf(t).forEach(function (b) { need.add(shardOf(b, meta.shards)); }); });
    return { a: a, alts: alts, terms: terms, shards: Array.from(need) };
  }

  // ------------------------------------------------------------------ forgiving names
  /** Whether a and b (arrays of characters) differ by one character changed, added, dropped, or two
      neighbours swapped. */
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a.join("") === b.join("")) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    var tailA = a.slice(i + 1).join(""), tailB = b.slice(i + 1).join("");
    if (a.length === b.length) return tailA === tailB || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2).join("") === b.slice(i + 2).join(""));
    return a.length > b.length ? tailA === b.slice(i).join("") : a.slice(i).join("") === tailB;
  }

  /** A place, department or indicator name (meta.names), or a term of the plan (meta.terms: 尾矿库, 生物多样性),
      that a stretch of the query misses by one character: {from: the stretch, to: the name}, or null. Only
      stretches the plan never writes. */
  function nameNear(ix, a) {
    var found = null, candidates = (ix.meta.names || []).concat((ix.meta.terms || []).map(function (t) { return [-1, t]; }));
    a.topics.forEach(function (piece) {
      var cs = Array.from(piece);
      candidates.forEach(function (entry) {
        var name = Array.from(entry[1]);
        if (piece.indexOf(entry[1]) >= 0 || (found && found.to.length >= entry[1].length)) return; // the longest name wins
        for (var len = name.length - 1; len <= name.length + 1; len++) {
          for (var at = 0; at + len <= cs.length; at++) {
            var part = cs.slice(at, at + len);
            if (len >= 3 && oneEdit(part, name) && !occurrences(ix, part.join("")).size && !edgeOfAnotherWord(ix, cs, at, len, name)) {
              found = { from: part.join(""), to: entry[1] };
              return;
            }
          }
        }
      });
    });
    return found;
  }

  /** Whether the character of the stretch [at, at + len) of ``cs`` that differs from ``name`` is its first or last and
      begins or ends, with the query's next (or previous) character, a bigram the plan writes in more than meta.rare
      records: then the stretch runs into the next word (根河环保: 根河 + 环保, not 根河市 mistyped). */
  function edgeOfAnotherWord(ix, cs, at, len, name) {
    if (len !== name.length) return false;
    var last = at + len - 1, common = function (bg) { return postingsOf(ix, bg).size > ix.meta.rare; };
    if (cs[last] !== name[len - 1] && last + 1 < cs.length && common(cs[last] + cs[last + 1])) return true;
    return cs[at] !== name[0] && at > 0 && common(cs[at - 1] + cs[at]);
  }

  // ------------------------------------------------------------------ an engine over one index
  /** An engine reading the index through fetchPart(kind, n) → Promise of that part's data (kind "meta"
      with n 0, "p" a postings shard, "r" a record shard); each part is fetched once. */
  function create(fetchPart) {
    var ix = { meta: null, p: {}, r: {}, l: {}, decoded: new Map() }, pending = {};
    function load(kind, n) {
      if (kind === "meta" ? ix.meta : ix[kind][n]) return Promise.resolve();
      var key = kind + n;
      pending[key] = pending[key] || fetchPart(kind, n).then(function (data) {
        if (kind === "meta") ix.meta = data;
        else ix[kind][n] = data;
        delete pending[key];
      }, function (err) { delete pending[key]; throw err; });
      return pending[key];
    }
    /** One query: Promise of {q, a (the analysis), hits}. */
    function once(raw, filters) {
      var p = plan(ix.meta, raw), terms = p.terms;
      if (Array.from(p.a.q).length < 2) return Promise.resolve({ q: p.a.q, a: p.a, hits: [], short: true });
      return Promise.all(p.shards.map(function (s) { return load("p", s); })).then(function () {
        return Promise.all(lexiconShards(ix, p.a).map(function (s) { return load("l", s); }));
      }).then(function () {
        var before = p.a.concepts.length;
        lexiconIn(ix, p.a);
        var need = new Set();
        p.a.concepts.slice(before).forEach(function (h) { h.terms.forEach(function (t) { bigramsOf(t).forEach(function (b) { need.add(shardOf(b, ix.meta.shards)); }); }); });
        return Promise.all(Array.from(need).map(function (s) { return load("p", s); }));
      }).then(function () {
        if (terms.length > 1 && !p.a.spaced) terms = wordsOf(ix, terms);
        return { q: p.a.q, a: p.a, hits: rank(ix, p.a, p.alts, terms, filters || {}) };
      });
    }
    /** raw query + filters → Promise of {q, hits: [{r, score, tier, needles, via}], suggest} best first.
        A query that finds nothing whole (no tier 2 or 3) and misses a name by one character is also run
        with the name (“是不是要找：满归镇”): those results first, then its own. */
    function search(raw, filters) {
      return load("meta", 0).then(function () { return once(raw, filters); }).then(function (res) {
        // Also inside a longer question whose other words were reached some other way (潮茶河河底的淤泥: 淤泥 → 污泥
        // through the thesaurus): only a whole-query or literal all-pieces match keeps it from being tried.
        var top = res.hits[0], literal = top && (top.tier === 3 || (top.tier === 2 && !(top.via || []).some(function (v) { return v[0] === "everyday" || v[0] === "cilin"; })));
        var near = res.short || literal ? null : nameNear(ix, res.a);
        if (!near) return Object.assign(res, { weak: weakness(ix.meta, res) });
        return once(norm(ix.meta, raw).split(near.from).join(near.to), filters).then(function (fixed) {
          var have = new Set(fixed.hits.map(function (h) { return h.r; }));
          fixed.hits.forEach(function (h) { h.via = [["near", near.from, near.to]]; });
          // Inside a longer question (好里堡那边修大坝的事) the records that say more than the name come first, the
          // place, department or indicator of that name after them.
          if (Array.from(res.a.stripped).length > Array.from(near.from).length + 1) {
            var own = nameForms(ix).get(near.to) || new Set();
            fixed.hits = fixed.hits.filter(function (h) { return !own.has(h.r); }).concat(fixed.hits.filter(function (h) { return own.has(h.r); }));
          }
          var hits = fixed.hits.concat(res.hits.filter(function (h) { return !have.has(h.r); }));
          return { q: res.q, a: res.a, hits: hits, suggest: near.to };
        });
      });
    }
    /** The rows ([label, text, url, type, chapter, dept, deadline]) of the given hits, loaded on demand. */
    function rows(hits) {
      var per = ix.meta.per, need = new Set(hits.map(function (h) { return Math.floor(h.r / per); }));
      return Promise.all(Array.from(need).map(function (s) { return load("r", s); })).then(function () {
        return hits.map(function (h) { return ix.r[Math.floor(h.r / per)][h.r % per]; });
      });
    }
    return {
      load: load,
      search: search,
      rows: rows,
      meta: function () { return ix.meta; },
      norm: function (text) { return load("meta", 0).then(function () { return norm(ix.meta, text); }); },
    };
  }

  return {
    create: create,
    normMap: normMap,
    norm: norm,
    shardOf: shardOf,
    bigramsOf: bigramsOf,
    urlFor: urlFor,
    markRanges: markRanges,
    markedRuns: markedRuns,
    summary: summary,
    howMatched: howMatched,
    sentence: sentence,
  };
});
