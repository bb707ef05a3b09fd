/* Plan graph views, drawn with the vendored vis-network (window.vis). The loader in
   overrides/partials/graph-loader.html adds this file, vis-network and a view's data file when the view
   is opened or scrolled into view (a page whose view opens as it loads has them as script elements),
   then calls window.genheGraph.draw(view), where view is the element with data-graph-view:

   "overview"  window.GENHE_OVERVIEW (assets/graph/overview-data.js): indicators in the middle, the
               departments that carry them on the left, the chapters their tasks come from on the
               right; a click on a node (or the #graph-ov-expand select) shows the tasks behind it.
   "main"      window.GENHE_GRAPH (assets/graph/graph-data.js, the whole graph; the 完整关系网络 page),
               with search (#graph-search), chapter and department filters, reset and a status line;
               the filter is kept in ?chapter=&dept=&q=.
   "focus"     window.GENHE_EGO[data-focus] (assets/graph/ego/<type>/<id>.js): a node and its direct
               neighbours (indicator, department, project pages).

   A click on a node opens its page. Tooltips are DOM elements filled with textContent: no data is ever
   inserted as HTML. Links are resolved against the site root: a data-base attribute on the view if
   present, else the URL this script was loaded from (…/assets/graph/graph.js), else Material's __config.
   Pages use url_file (x.html) when opened from disk (file:) or when this page itself is an .html page
   (the offline build), url_dir (x/) otherwise. Every drawn graph is listed in window.genheGraphs. */
(function () {
  "use strict";
  var SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";
  var TAIL = /assets\/graph\/graph\.js(?:[?#].*)?$/;
  var cache = null;

  function withSlash(s) { return s.replace(/\/?$/, "/"); }

  function siteRoot(el) {
    var b = el.getAttribute("data-base");
    if (b) return new URL(withSlash(b), window.location.href).href;
    if (SCRIPT_SRC && TAIL.test(SCRIPT_SRC)) return SCRIPT_SRC.replace(TAIL, "");
    var cfg = document.getElementById("__config");
    if (cfg) {
      try { return new URL(withSlash(JSON.parse(cfg.textContent).base), window.location.href).href; } catch (e) { /* fall through */ }
    }
    return new URL(".", window.location.href).href;
  }

  function fileUrls() {
    var path = window.location.pathname;
    return window.location.protocol === "file:" || (/\.html$/i.test(path) && !/(^|\/)index\.html$/i.test(path));
  }

  function href(node, root) { return root + (fileUrls() ? node.url_file : node.url_dir); }

  function tip(text) {
    var div = document.createElement("div");
    div.className = "graph-tip";
    div.textContent = text;
    return div;
  }

  function copy(obj) {
    var out = {};
    Object.keys(obj).forEach(function (k) { out[k] = obj[k]; });
    return out;
  }

  function graph() {
    if (cache) return cache;
    var data = window.GENHE_GRAPH, byId = {}, adj = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; adj[n.id] = []; });
    data.edges.forEach(function (e) { adj[e.from].push(e); adj[e.to].push(e); });
    cache = { data: data, byId: byId, adj: adj };
    return cache;
  }

  function nodeItem(n) {
    var o = copy(n);
    o.title = tip(n.title);
    return o;
  }

  function edgeItems(g, edges) {
    return edges.map(function (e) {
      var o = copy(e);
      o.title = tip(g.byId[e.from].full_label + " → " + g.byId[e.to].full_label + "\n" + e.title);
      return o;
    });
  }

  function index(nodes) {
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    return byId;
  }

  function other(e, id) { return e.from === id ? e.to : e.from; }

  function register(el, network, nodes, edges, view) {
    var frame = el.querySelector(".vis-network");
    if (frame) {
      frame.setAttribute("role", "img");
      frame.setAttribute("aria-label", el.getAttribute("data-label") || "关系图");
      // vis-network (9.0.4 and 9.1.2) focuses its frame on every mouse move without preventScroll, which scrolls
      // a partly visible graph under the pointer; focus without scrolling instead.
      var focus = frame.focus;
      frame.focus = function () { focus.call(frame, { preventScroll: true }); };
    }
    window.genheGraphs = window.genheGraphs || [];
    window.genheGraphs.push({ element: el, network: network, nodes: nodes, edges: edges, view: view });
  }

  function openOnClick(el, network, g, root, except) {
    network.on("click", function (p) {
      if (p.nodes.length !== 1 || p.nodes[0] === except) return;
      var url = href(g.byId[p.nodes[0]], root), ev = p.event && p.event.srcEvent;
      if (ev && (ev.ctrlKey || ev.metaKey || ev.shiftKey)) window.open(url, "_blank", "noopener");
      else window.location.assign(url);
    });
    network.on("hoverNode", function (p) { el.style.cursor = p.node === except ? "" : "pointer"; });
    network.on("blurNode", function () { el.style.cursor = ""; });
  }

  // ------------------------------------------------------------------ the whole graph
  function drawMain(box) {
    var wrap = box.closest(".graph-wrap"), g = graph(), root = siteRoot(box);
    var form = wrap.querySelector(".graph-controls"), status = wrap.querySelector(".graph-status");
    var search = wrap.querySelector("#graph-search"), chapter = wrap.querySelector("#graph-chapter");
    var dept = wrap.querySelector("#graph-department"), list = wrap.querySelector("#graph-search-list");
    var nodes = new vis.DataSet(g.data.nodes.map(nodeItem));
    var edges = new vis.DataSet(edgeItems(g, g.data.edges));
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, g.data.options);
    register(box, network, nodes, edges, "main");
    openOnClick(box, network, g, root, null);
    network.fit({ animation: false });

    var labels = {};
    g.data.nodes.forEach(function (n) { labels[n.full_label] = true; });
    Object.keys(labels).sort().forEach(function (label) {
      var opt = document.createElement("option");
      opt.value = label;
      list.appendChild(opt);
    });

    function say(text, node) {
      status.textContent = text;
      if (!node) return;
      var a = document.createElement("a");
      a.href = href(node, root);
      a.textContent = "打开“" + node.full_label + "”的页面";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(a);
    }

    function visibleSet() {
      var ch = chapter.value, d = dept.value ? "department:" + dept.value : "", core = {}, shown = {}, mine = {};
      if (!ch && !d) return null;
      if (d && g.adj[d]) g.adj[d].forEach(function (e) { if (e.relation === "leads" || e.relation === "supports") mine[e.to] = true; });
      g.data.nodes.forEach(function (n) {
        if ((!ch || n.chapter === ch) && (!d || mine[n.id])) core[n.id] = true;
      });
      Object.keys(core).forEach(function (id) {
        shown[id] = true;
        g.adj[id].forEach(function (e) { shown[other(e, id)] = true; });
      });
      if (d && g.byId[d]) shown[d] = true;
      return shown;
    }

    function applyFilter() {
      var shown = visibleSet(), ids = [];
      nodes.update(g.data.nodes.map(function (n) {
        var on = !shown || !!shown[n.id];
        if (on) ids.push(n.id);
        return { id: n.id, hidden: !on };
      }));
      network.unselectAll();
      network.fit({ nodes: ids.length ? ids : undefined, animation: false });
      if (!shown) say("", null);
      else if (ids.length <= 1 && dept.value) say("所选部门在所选章中没有牵头或配合的任务。", null);
      else say("显示 " + ids.length + " 个节点（共 " + g.data.nodes.length + " 个）：所选范围内的节点及与它们直接相连的节点。", null);
      remember();
    }

    function find(text) {
      var q = text.trim().toLowerCase(), best = null, bestKey = null;
      if (!q) return null;
      g.data.nodes.forEach(function (n) {
        // exact: the whole label, the id, or an indicator's bare name ("16. 森林覆盖率（%）" → "森林覆盖率")
        var full = n.full_label.toLowerCase(), bare = full.replace(/^\d+\.\s*/, "").replace(/（[^）]*）$/, ""), cls;
        if (full === q || bare === q || n.ident.toLowerCase() === q) cls = 0;
        else if (full.indexOf(q) >= 0 || n.ident.toLowerCase().indexOf(q) >= 0) cls = 1;
        else return;
        var key = [cls, g.data.search_order.indexOf(n.type), full.length, n.id];
        if (!bestKey || compare(key, bestKey) < 0) { best = n; bestKey = key; }
      });
      return best;
    }

    function compare(a, b) {
      for (var i = 0; i < a.length; i++) { if (a[i] < b[i]) return -1; if (a[i] > b[i]) return 1; }
      return 0;
    }

    function showFound(text) {
      var n = find(text);
      if (!text.trim()) { say("", null); return; }
      if (!n) { say("没有找到“" + text.trim() + "”。", null); return; }
      if (nodes.get(n.id).hidden) { chapter.value = ""; dept.value = ""; applyFilter(); }
      network.selectNodes([n.id]);
      network.focus(n.id, { scale: Math.max(network.getScale(), 1.1), animation: false });
      say("已找到：" + n.full_label + "（" + g.data.types[n.type].label + "）。", n);
      remember();
    }

    function remember() {
      if (window.location.protocol === "file:") return;
      var q = new URLSearchParams();
      if (chapter.value) q.set("chapter", chapter.value);
      if (dept.value) q.set("dept", dept.value);
      if (search.value.trim()) q.set("q", search.value.trim());
      var qs = q.toString();
      try { history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash); } catch (e) { /* ignore */ }
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (search.value.trim().length >= 2 || !search.value) showFound(search.value); }, 250);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); showFound(search.value); });
    chapter.addEventListener("change", applyFilter);
    dept.addEventListener("change", applyFilter);
    wrap.querySelector("#graph-reset").addEventListener("click", function () {
      search.value = ""; chapter.value = ""; dept.value = "";
      applyFilter();
    });

    var params = new URLSearchParams(window.location.search);
    function preset(select, value) {
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
    }
    preset(chapter, params.get("chapter"));
    preset(dept, params.get("dept"));
    if (chapter.value || dept.value) applyFilter();
    if (params.get("q")) { search.value = params.get("q"); showFound(search.value); }
  }

  // ------------------------------------------------------------------ one node and its neighbours
  function drawFocus(el) {
    var id = el.getAttribute("data-focus"), data = (window.GENHE_EGO || {})[id];
    if (!data) return;
    var g = { byId: index(data.nodes) }, centre = g.byId[id], order = data.type_order;
    var ring = data.nodes.filter(function (n) { return n.id !== id; });
    ring.sort(function (a, b) {
      return (order.indexOf(a.type) - order.indexOf(b.type)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    var items = [copy(nodeItem(centre))], placed = 0, radius = 170;
    items[0].x = 0; items[0].y = 0; items[0].borderWidth = 3;
    while (placed < ring.length) {
      var room = Math.max(6, Math.floor(2 * Math.PI * radius / 80)), count = Math.min(room, ring.length - placed);
      for (var i = 0; i < count; i++) {
        var n = nodeItem(ring[placed + i]), angle = -Math.PI / 2 + 2 * Math.PI * i / count;
        if (n.type !== "chapter" || n.group_of) n.label = n.full_label.length > 20 ? n.full_label.slice(0, 19) + "…" : n.full_label;
        n.x = Math.round(radius * Math.cos(angle));
        n.y = Math.round(radius * Math.sin(angle));
        items.push(n);
      }
      placed += count;
      radius += 130;
    }
    var options = JSON.parse(JSON.stringify(data.options));
    options.interaction.zoomView = false;
    options.nodes.scaling = { label: { drawThreshold: 3 } };
    el.textContent = "";
    var nodes = new vis.DataSet(items), edgeSet = new vis.DataSet(edgeItems(g, data.edges));
    var network = new vis.Network(el, { nodes: nodes, edges: edgeSet }, options);
    register(el, network, nodes, edgeSet, "focus");
    openOnClick(el, network, g, siteRoot(el), id);
    network.fit({ animation: false });
    // again once drawn: labels are measured when first drawn, so the first fit left them out and cut
    // long labels at the sides of a narrow figure (this view cannot be zoomed by the reader)
    network.once("afterDrawing", function () { network.fit({ animation: false }); });
  }

  // ------------------------------------------------------------------ the overview
  var OV = { left: -470, task: -235, right: 470, row: 50, gap: 40 };

  function overviewModel(d) {
    var m = { byId: {}, taskInds: {}, taskDepts: {}, taskChapter: {}, unmoved: {} };
    [d.indicators, d.departments, d.chapters, d.tasks].forEach(function (list) {
      list.forEach(function (n) { m.byId[n.id] = n; });
    });
    d.unmoved.forEach(function (id) { m.unmoved[id] = true; });
    d.links.forEach(function (l) {
      l.tasks.forEach(function (t) { (m.taskInds[t] = m.taskInds[t] || []).push(l.indicator); });
      Object.keys(l.departments).forEach(function (dep) {
        ["lead", "support"].forEach(function (role) {
          l.departments[dep][role].forEach(function (t) { (m.taskDepts[t] = m.taskDepts[t] || {})[dep] = role; });
        });
      });
      Object.keys(l.chapters).forEach(function (c) { l.chapters[c].forEach(function (t) { m.taskChapter[t] = c; }); });
    });
    return m;
  }

  // the tasks behind an overview node: an indicator's, or a department's / chapter's that move an indicator
  function tasksBehind(d, id, support) {
    var out = {};
    d.links.forEach(function (l) {
      var dep = l.departments[id], mine = [];
      if (l.indicator === id) mine = l.tasks;
      else if (dep) mine = dep.lead.concat(support ? dep.support : []);
      else if (l.chapters[id]) mine = l.chapters[id];
      mine.forEach(function (t) { out[t] = true; });
    });
    return d.tasks.map(function (n) { return n.id; }).filter(function (t) { return out[t]; });
  }

  // y of each node of a column: near the mean y of what it links to, `gap` apart, centred on those wishes
  function column(ids, want, gap) {
    var order = ids.slice().sort(function (a, b) { return (want[a] - want[b]) || (ids.indexOf(a) - ids.indexOf(b)); });
    var y = {}, last = -Infinity, shift = 0;
    order.forEach(function (id) { y[id] = Math.max(want[id], last + gap); last = y[id]; shift += y[id] - want[id]; });
    shift = order.length ? shift / order.length : 0;
    order.forEach(function (id) { y[id] = Math.round(y[id] - shift); });
    return y;
  }

  function overviewLayout(d, m, state) {
    var yInd = {}, sums = {}, want = {}, pos = {};
    d.indicators.forEach(function (n, i) { yInd[n.id] = i * OV.row; pos[n.id] = { x: 0, y: i * OV.row }; });
    function pull(id, y, w) { sums[id] = sums[id] || [0, 0]; sums[id][0] += y * w; sums[id][1] += w; }
    d.links.forEach(function (l) {
      Object.keys(l.departments).forEach(function (dep) {
        var x = l.departments[dep], n = x.lead.length + (state.support ? x.support.length : 0);
        if (n) pull(dep, yInd[l.indicator], n);
      });
      Object.keys(l.chapters).forEach(function (c) { pull(c, yInd[l.indicator], l.chapters[c].length); });
    });
    state.tasks.forEach(function (t) { m.taskInds[t].forEach(function (i) { pull(t, yInd[i], 1); }); });
    Object.keys(sums).forEach(function (id) { want[id] = sums[id][0] / sums[id][1]; });
    var depts = d.departments.map(function (n) { return n.id; }).filter(function (id) { return id in want; });
    var chapters = d.chapters.map(function (n) { return n.id; });
    [[depts, OV.left, OV.row * 0.8], [chapters, OV.right, OV.row * 1.3], [state.tasks, OV.task, OV.gap]].forEach(function (c) {
      var y = column(c[0], want, c[2]);
      c[0].forEach(function (id) { pos[id] = { x: c[1], y: y[id] }; });
    });
    return { pos: pos, depts: depts };
  }

  // overview nodes are labelled boxes (text inside, dark on a light fill of the type's colour), so a
  // column reads like a list; the type's colour stays on the border
  var OV_FILL = { indicator: "#fdeadf", department: "#efe7f7", chapter: "#e6f0e1", task: "#e3f0fa" };
  var OV_WIDTH = { indicator: 400, department: 170, chapter: 230, task: 200 };

  function overviewNode(m, id, pos, state) {
    var src = m.byId[id], n = nodeItem(src), unmoved = m.unmoved[id];
    n.x = pos[id].x; n.y = pos[id].y;
    n.shape = "box";
    n.label = src.type === "task" && src.full_label.length > 24 ? src.full_label.slice(0, 23) + "…" : src.full_label;
    if (src.type === "indicator") n.label = n.label.replace(/^(\d+)\. /, "$1.");  // wrap only at a real gap
    if (unmoved) n.label += "（没有任务推动）";
    n.font = { size: 14, color: "#1f1f1f", multi: false };
    n.widthConstraint = { maximum: OV_WIDTH[src.type] };
    n.margin = 6;
    n.color = { background: unmoved ? "#ffffff" : OV_FILL[src.type], border: unmoved ? "#6b6b6b" : src.color,
      highlight: { background: "#fff8c4", border: src.color }, hover: { background: "#fff8c4", border: src.color } };
    n.borderWidth = state.open[id] ? 4 : 1.5;
    if (unmoved) n.shapeProperties = { borderDashes: [5, 4] };
    delete n.size;
    return n;
  }

  function aggregateEdges(d, m, state) {
    var out = [], style = d.edge_style;
    d.links.forEach(function (l) {
      var ind = m.byId[l.indicator];
      Object.keys(l.departments).forEach(function (dep) {
        var x = l.departments[dep], n = x.lead.length + (state.support ? x.support.length : 0);
        if (!n || state.open[dep] || state.open[l.indicator]) return;
        var e = copy(x.lead.length ? style.leads : style.supports);
        e.id = "agg|" + dep + "|" + l.indicator; e.from = dep; e.to = l.indicator;
        e.width = Math.min(1.5 + n * 1.2, 9);
        e.title = tip(m.byId[dep].full_label + " → " + ind.full_label + "\n牵头 " + x.lead.length + " 项任务" +
          (state.support ? "、配合 " + x.support.length + " 项" : "") + "（点击展开）");
        out.push(e);
      });
      Object.keys(l.chapters).forEach(function (c) {
        if (state.open[c] || state.open[l.indicator]) return;
        var n = l.chapters[c].length;
        out.push({ id: "agg|" + c + "|" + l.indicator, from: c, to: l.indicator, arrows: "to", width: Math.min(1.5 + n * 1.2, 9),
          color: { color: "#558b2f", highlight: "#1b5e20", hover: "#1b5e20", opacity: 0.55 },
          title: tip(m.byId[c].full_label + " → " + ind.full_label + "\n" + n + " 项任务（点击展开）") });
      });
    });
    return out;
  }

  function taskEdges(d, m, state, shown) {
    var out = [], style = d.edge_style;
    state.tasks.forEach(function (t) {
      var task = m.byId[t], deps = m.taskDepts[t] || {};
      Object.keys(deps).forEach(function (dep) {
        if (deps[dep] === "support" && !state.support) return;
        if (!shown[dep]) return;
        var e = copy(deps[dep] === "lead" ? style.leads : style.supports);
        e.id = "t|" + dep + "|" + t; e.from = dep; e.to = t;
        e.title = tip(m.byId[dep].full_label + " → " + task.full_label + "\n" + (deps[dep] === "lead" ? "牵头" : "配合"));
        out.push(e);
      });
      m.taskInds[t].forEach(function (i) {
        var e = copy(style.moves);
        e.id = "t|" + t + "|" + i; e.from = t; e.to = i;
        e.title = tip(task.full_label + " → " + m.byId[i].full_label + "\n推动指标");
        out.push(e);
      });
      var c = m.taskChapter[t], e = copy(style.contains);
      e.id = "t|" + c + "|" + t; e.from = c; e.to = t;
      e.title = tip(m.byId[c].full_label + " → " + task.full_label + "\n包含");
      out.push(e);
    });
    return out;
  }

  function overviewList(list, m, state, root) {
    list.textContent = "";
    var groups = Object.keys(state.open);
    if (!groups.length) return;
    var head = document.createElement("p");
    head.className = "graph-ov-list-title";
    head.textContent = "已展开的任务（" + state.tasks.length + " 项）：";
    list.appendChild(head);
    var ul = document.createElement("ul");
    state.tasks.forEach(function (t) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = href(m.byId[t], root);
      a.textContent = m.byId[t].full_label;
      li.appendChild(a);
      li.appendChild(document.createTextNode("（推动：" + m.taskInds[t].map(function (i) { return m.byId[i].full_label; }).join("、") + "）"));
      ul.appendChild(li);
    });
    list.appendChild(ul);
  }

  // the canvas as tall as the diagram drawn at most 1:1 (no less than its CSS height), then fit
  function fitHeight(box, network, ys) {
    var span = Math.max.apply(null, ys) - Math.min.apply(null, ys) + 120, width = box.clientWidth || 800;
    var scale = Math.min(1, width / 1250);
    box.style.height = Math.round(Math.min(Math.max(span * scale + 40, 320), 2400)) + "px";
    network.setSize("100%", box.style.height);
    network.redraw();
    network.fit({ animation: false });
  }

  function drawOverview(box) {
    var d = window.GENHE_OVERVIEW, wrap = box.closest(".graph-wrap"), root = siteRoot(box), m = overviewModel(d);
    var support = wrap.querySelector("#graph-ov-support"), pick = wrap.querySelector("#graph-ov-expand");
    var status = wrap.querySelector("#graph-ov-status"), list = wrap.querySelector("#graph-ov-list");
    var state = { support: support.checked, open: {}, tasks: [] };
    var options = JSON.parse(JSON.stringify(d.options));
    options.nodes.scaling = { label: { drawThreshold: 1 } };
    options.edges.arrows.to.scaleFactor = 0.6;
    // Why no wheel zoom: the canvas is as tall as the diagram, and a wheel over it should scroll the page
    options.interaction.zoomView = box.clientWidth < 700;  // narrow screens: pinch to zoom the small drawing
    box.textContent = "";
    var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
    var network = new vis.Network(box, { nodes: nodes, edges: edges }, options);

    function render() {
      var seen = {};
      state.tasks = [];
      Object.keys(state.open).forEach(function (id) {
        tasksBehind(d, id, state.support).forEach(function (t) { if (!seen[t]) { seen[t] = true; state.tasks.push(t); } });
      });
      var lay = overviewLayout(d, m, state), shown = {};
      var ids = d.indicators.map(function (n) { return n.id; }).concat(lay.depts, d.chapters.map(function (n) { return n.id; }), state.tasks);
      ids.forEach(function (id) { shown[id] = true; });
      nodes.clear(); edges.clear();
      nodes.add(ids.map(function (id) { return overviewNode(m, id, lay.pos, state); }));
      edges.add(aggregateEdges(d, m, state).concat(taskEdges(d, m, state, shown)));
      fitHeight(box, network, ids.map(function (id) { return lay.pos[id].y; }));
      overviewList(list, m, state, root);
    }

    function toggleOpen(id) {
      if (!m.byId[id] || m.byId[id].type === "task") return;
      if (state.open[id]) delete state.open[id]; else state.open[id] = true;
      render();
      var names = Object.keys(state.open).map(function (k) { return m.byId[k].full_label; });
      status.textContent = names.length ? "已展开：" + names.join("、") + "，共 " + state.tasks.length + " 项任务（列表见图下方）。再次点击可收起。" : "已全部收起。";
      var a = document.createElement("a");
      a.href = href(m.byId[id], root);
      a.textContent = "打开“" + m.byId[id].full_label + "”的页面";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(a);
    }

    network.on("click", function (p) {
      if (p.nodes.length === 1) {
        var n = m.byId[p.nodes[0]];
        if (n.type === "task") window.location.assign(href(n, root));
        else toggleOpen(n.id);
      } else if (p.edges.length === 1 && p.edges[0].indexOf("agg|") === 0) {
        toggleOpen(p.edges[0].split("|")[2]);
      }
    });
    network.on("hoverNode", function () { box.style.cursor = "pointer"; });
    network.on("blurNode", function () { box.style.cursor = ""; });
    support.addEventListener("change", function () { state.support = support.checked; render(); });
    pick.addEventListener("change", function () {
      if (pick.value && !state.open[pick.value]) toggleOpen(pick.value);
      pick.value = "";
    });
    wrap.querySelector("#graph-ov-collapse").addEventListener("click", function () { state.open = {}; render(); status.textContent = "已全部收起。"; });
    render();
    register(box, network, nodes, edges, "overview");
  }

  window.genheGraph = {
    draw: function (el) {
      var view = el.getAttribute("data-graph-view");
      if (!window.vis) return;
      if (view === "main" && window.GENHE_GRAPH) drawMain(el);
      else if (view === "overview" && window.GENHE_OVERVIEW) drawOverview(el);
      else if (view === "focus") drawFocus(el);
    }
  };
})();
