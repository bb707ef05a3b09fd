/* Plan graph views, drawn with the vendored vis-network (window.vis); where boxes go is decided by the
   pure layout module (assets/graph/layout.js, window.genheGraphLayout). The loader in
   overrides/partials/graph-loader.html adds vis-network, layout.js, this file and a view's data file
   when the view is opened or scrolled into view, then calls window.genheGraph.draw(view, site):

   view  the element with data-graph-view:
     "overview"  window.GENHE_OVERVIEW (assets/graph/overview-data.js): indicators, the departments that
                 carry them and the chapters their tasks come from, as labelled boxes in three columns
                 where there is room, two on a phone; a click on a node (or the #graph-ov-expand select)
                 shows the tasks behind it.
     "main"      window.GENHE_GRAPH (assets/graph/graph-data.js, the whole graph; the 完整关系网络 page),
                 with search, chapter and department filters kept in ?chapter=&dept=&q=; labels follow
                 the zoom (layout.labelSizes): a filter or a zoom in labels what is shown.
     "focus"     window.GENHE_EGO[data-focus] (assets/graph/ego/<type>/<id>.js): a node and its direct
                 neighbours as labelled boxes in columns (indicator, department, project pages).
   site  {root: the site's root URL, directoryUrls: the build's use_directory_urls}, written by the
         loader from the MkDocs config: a node's page is root + url_dir (x/) or url_file (x.html), both
         made by Python (present/urls.site_url). Nothing is guessed from the page's own address.

   A click on a node opens its page. Tooltips are DOM elements filled with textContent: no data is ever
   inserted as HTML. Every drawn graph is listed in window.genheGraphs. */
(function () {
  "use strict";
  var L = null;  // window.genheGraphLayout, read when a view is drawn (the loader adds both scripts)
  var OPEN_FILL = "#fff8c4";

  function href(node, site) { return site.root + (site.directoryUrls ? node.url_dir : node.url_file); }

  function tip(text) {
    var div = document.createElement("div");
    div.className = "graph-tip";
    div.textContent = text;
    return div;
  }

  function copy(obj, more) {
    var out = {};
    Object.keys(obj).forEach(function (k) { out[k] = obj[k]; });
    Object.keys(more || {}).forEach(function (k) { out[k] = more[k]; });
    return out;
  }

  function nodeItem(n) {
    var o = copy(n);
    o.title = tip(n.title);
    return o;
  }

  function edgeItems(byId, edges) {
    return edges.map(function (e) {
      var o = copy(e);
      o.title = tip(byId[e.from].full_label + " → " + byId[e.to].full_label + "\n" + e.title);
      return o;
    });
  }

  function index(nodes) {
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    return byId;
  }

  function link(node, site, text) {
    var a = document.createElement("a");
    a.href = href(node, site);
    a.textContent = text || "打开“" + node.full_label + "”的页面";
    return a;
  }

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
    var tipFor = null;  // the node whose tooltip is shown: kept clear of it when a tap redraws the graph too
    network.on("showPopup", function (id) { tipFor = nodes.get(id) ? id : null; if (tipFor) tipClearOf(el, network, id); });
    network.on("hidePopup", function () { tipFor = null; });
    network.on("afterDrawing", function () { if (tipFor && nodes.get(tipFor)) tipClearOf(el, network, tipFor); });
  }

  // vis-network puts a node's tooltip above and right of the pointer, over the upper half of the node just
  // tapped or pointed at: move it above the node's box, or below it where there is no room above.
  function tipClearOf(el, network, id) {
    var t = el.querySelector("div.vis-tooltip");
    if (!t) return;
    var b = network.getBoundingBox(id), tl = network.canvasToDOM({ x: b.left, y: b.top }), br = network.canvasToDOM({ x: b.right, y: b.bottom });
    var w = t.offsetWidth;
    t.style.left = Math.round(Math.min(Math.max(0, (tl.x + br.x - w) / 2), Math.max(0, el.clientWidth - w))) + "px";
    var h = t.offsetHeight, room = el.clientHeight, gap = 6;  // measured once placed: its width can change its lines
    var top = tl.y - h - gap >= 0 ? tl.y - h - gap : br.y + gap + h <= room ? br.y + gap : (tl.y > room - br.y ? Math.max(0, tl.y - h - gap) : br.y + gap);
    t.style.top = Math.round(top) + "px";
  }

  function openOnClick(el, network, byId, site, except) {
    network.on("click", function (p) {
      if (p.nodes.length !== 1 || p.nodes[0] === except || !byId[p.nodes[0]]) return;
      var url = href(byId[p.nodes[0]], site), ev = p.event && p.event.srcEvent;
      if (ev && (ev.ctrlKey || ev.metaKey || ev.shiftKey)) window.open(url, "_blank", "noopener");
      else window.location.assign(url);
    });
    network.on("hoverNode", function (p) { el.style.cursor = p.node === except ? "" : "pointer"; });
    network.on("blurNode", function () { el.style.cursor = ""; });
  }

  // ------------------------------------------------------------------ measured placement
  // a labelled box: text inside, dark on a light fill of the type's colour, the colour on the border
  var FILL = { indicator: "#fdeadf", department: "#efe7f7", chapter: "#e6f0e1", task: "#e3f0fa", target: "#fdf3dc",
    project: "#f8e8f1", place: "#f1ebdf", section: "#eef5e4" };

  function boxed(n, width, fontSize) {
    n.shape = "box";
    n.font = { size: fontSize, color: "#1f1f1f", multi: false };
    n.widthConstraint = { maximum: width };
    n.margin = 6;
    n.color = { background: FILL[n.type] || "#f5f5f5", border: n.color,
      highlight: { background: OPEN_FILL, border: n.color }, hover: { background: OPEN_FILL, border: n.color } };
    delete n.size;
    return n;
  }

  // the boxes' real sizes, as vis-network measured them when it drew them
  function sizesOf(network, ids) {
    var out = {};
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      out[id] = { w: Math.ceil(b.right - b.left), h: Math.ceil(b.bottom - b.top) };
    });
    return out;
  }

  // once vis-network has drawn (and so measured) the boxes `ids` (default: all): place them, make the
  // canvas as tall as the drawing at the scale its width allows (at most 1:1, 240–3000 px) and show it
  // all at that scale (not vis-network's fit, which leaves a margin of its own)
  function placeWhenMeasured(box, network, nodes, place, ids) {
    network.once("afterDrawing", function () {
      var which = ids || nodes.getIds(), sizes = sizesOf(network, which), pos = place(sizes), size = L.extent(pos, sizes);
      nodes.update(which.map(function (id) { return { id: id, x: pos[id].x, y: pos[id].y }; }));
      var width = (box.clientWidth || 800) - 8, scale = Math.min(1, width / (size.w + 8));
      var height = Math.round(Math.min(Math.max(size.h * scale + 24, 240), 3000));
      box.style.height = height + "px";
      network.setSize("100%", box.style.height);
      scale = Math.min(scale, (height - 16) / size.h);
      network.moveTo({ position: centreOf(pos, sizes), scale: scale, animation: false });
      box.setAttribute("data-graph-placed", String(Date.now()));
    });
  }

  function centreOf(pos, sizes) {
    var ids = Object.keys(pos), x = ids.map(function (id) { return [pos[id].x - sizes[id].w / 2, pos[id].x + sizes[id].w / 2]; });
    var y = ids.map(function (id) { return [pos[id].y - sizes[id].h / 2, pos[id].y + sizes[id].h / 2]; });
    var lo = function (a) { return Math.min.apply(null, a.map(function (p) { return p[0]; })); };
    var hi = function (a) { return Math.max.apply(null, a.map(function (p) { return p[1]; })); };
    return { x: (lo(x) + hi(x)) / 2, y: (lo(y) + hi(y)) / 2 };
  }

  // ------------------------------------------------------------------ one node and its neighbours
  function drawFocus(el, site) {
    var id = el.getAttribute("data-focus"), data = (window.GENHE_EGO || {})[id];
    if (!data) return;
    var byId = index(data.nodes), order = data.type_order, narrow = (el.clientWidth || 800) < 560;
    var ring = data.nodes.filter(function (n) { return n.id !== id; }).sort(function (a, b) {
      return (order.indexOf(a.type) - order.indexOf(b.type)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    var items = [boxed(nodeItem(byId[id]), narrow ? 300 : 260, 15)].concat(ring.map(function (n) {
      var item = boxed(nodeItem(n), narrow ? 112 : 210, 14);
      if (!n.group_of) item.label = n.full_label.length > 30 ? n.full_label.slice(0, 29) + "…" : n.full_label;
      return item;
    }));
    items[0].borderWidth = 3;
    var options = JSON.parse(JSON.stringify(data.options));
    options.interaction.zoomView = false;
    options.interaction.dragView = false;
    options.nodes.scaling = { label: { drawThreshold: 1 } };
    el.textContent = "";
    var nodes = new vis.DataSet(items), edgeSet = new vis.DataSet(edgeItems(byId, data.edges));
    var network = new vis.Network(el, { nodes: nodes, edges: edgeSet }, options);
    var ids = ring.map(function (n) { return n.id; });
    placeWhenMeasured(el, network, nodes, function (sizes) { return L.ego(id, ids, sizes, el.clientWidth || 800); });
    register(el, network, nodes, edgeSet, "focus");
    openOnClick(el, network, byId, site, id);
  }

  // ------------------------------------------------------------------ the overview
  var OV_WIDTH = { wide: { indicator: 320, department: 170, chapter: 230, task: 200 }, narrow: { indicator: 150, department: 118, chapter: 118, task: 118 } };

  function overviewNode(m, id, state, narrow) {
    var src = m.byId[id], n = boxed(nodeItem(src), OV_WIDTH[narrow ? "narrow" : "wide"][src.type], narrow ? 15 : 14), unmoved = m.unmoved[id];
    var label = src.type === "task" && src.full_label.length > 24 ? src.full_label.slice(0, 23) + "…" : src.full_label;
    n.label = src.type === "indicator" ? label.replace(/^(\d+)\. /, "$1.") : label;  // wrap only at a real gap
    if (unmoved) {
      n.label += "（没有任务推动）";
      n.color.background = "#ffffff";
      n.color.border = "#6b6b6b";
      n.shapeProperties = { borderDashes: [5, 4] };
    }
    n.borderWidth = state.open[id] ? 4 : 1.5;
    return n;
  }

  // width grows with the tasks behind the link; thinner on a phone, where 40 links share 350 px
  function aggregateEdge(style, id, from, to, n, title, thin) {
    var e = copy(style);
    e.id = id; e.from = from; e.to = to;
    e.width = thin ? Math.min(1 + n * 0.5, 4) : Math.min(1.5 + n * 1.2, 9);
    e.title = tip(title);
    return e;
  }

  function aggregateEdges(d, m, state) {
    var out = [], chapterStyle = { arrows: "to", color: { color: "#558b2f", highlight: "#1b5e20", hover: "#1b5e20", opacity: 0.55 } };
    d.links.forEach(function (l) {
      var ind = m.byId[l.indicator];
      Object.keys(l.departments).forEach(function (dep) {
        var x = l.departments[dep], n = x.lead.length + (state.support ? x.support.length : 0);
        if (!n || state.open[dep] || state.open[l.indicator]) return;
        out.push(aggregateEdge(x.lead.length ? d.edge_style.leads : d.edge_style.supports, "agg|" + dep + "|" + l.indicator, dep, l.indicator, n,
          m.byId[dep].full_label + " → " + ind.full_label + "\n牵头 " + x.lead.length + " 项任务" + (state.support ? "、配合 " + x.support.length + " 项" : "") + "（点击展开）", state.narrow));
      });
      Object.keys(l.chapters).forEach(function (c) {
        if (state.open[c] || state.open[l.indicator]) return;
        out.push(aggregateEdge(chapterStyle, "agg|" + c + "|" + l.indicator, c, l.indicator, l.chapters[c].length,
          m.byId[c].full_label + " → " + ind.full_label + "\n" + l.chapters[c].length + " 项任务（点击展开）", state.narrow));
      });
    });
    return out;
  }

  function taskEdge(style, from, to, title) {
    var e = copy(style);
    e.id = "t|" + from + "|" + to; e.from = from; e.to = to;
    e.title = tip(title);
    return e;
  }

  function taskEdges(d, m, state, shown) {
    var out = [], style = d.edge_style;
    state.tasks.forEach(function (t) {
      var task = m.byId[t], deps = m.taskDepts[t] || {}, c = m.taskChapter[t];
      Object.keys(deps).forEach(function (dep) {
        if ((deps[dep] === "support" && !state.support) || !shown[dep]) return;
        out.push(taskEdge(deps[dep] === "lead" ? style.leads : style.supports, dep, t,
          m.byId[dep].full_label + " → " + task.full_label + "\n" + (deps[dep] === "lead" ? "牵头" : "配合")));
      });
      m.taskInds[t].forEach(function (i) { out.push(taskEdge(style.moves, t, i, task.full_label + " → " + m.byId[i].full_label + "\n推动指标")); });
      out.push(taskEdge(style.contains, c, t, m.byId[c].full_label + " → " + task.full_label + "\n包含"));
    });
    return out;
  }

  function overviewList(list, m, state, site) {
    list.textContent = "";
    if (!Object.keys(state.open).length) return;
    var head = document.createElement("p"), ul = document.createElement("ul");
    head.className = "graph-ov-list-title";
    head.textContent = "已展开的推动指标的任务（" + state.tasks.length + " 项）：";
    list.appendChild(head);
    state.tasks.forEach(function (t) {
      var li = document.createElement("li");
      li.appendChild(link(m.byId[t], site, m.byId[t].full_label));
      li.appendChild(document.createTextNode("（推动：" + m.taskInds[t].map(function (i) { return m.byId[i].full_label; }).join("、") + "）"));
      ul.appendChild(li);
    });
    list.appendChild(ul);
  }

  // wide columns where they are drawn with labels of MIN_LABEL_PX or more, else the two narrow columns
  function overviewPlace(box, d, m, state) {
    return function (sizes) {
      var wide = L.overviewWide(d, m, state, sizes), xs = Object.keys(wide).map(function (id) { return wide[id].x; });
      var span = Math.max.apply(null, xs) - Math.min.apply(null, xs) + 400;
      return (box.clientWidth || 800) / span * 14 >= L.MIN_LABEL_PX ? wide : L.overviewNarrow(d, state, sizes);
    };
  }

  function overviewRender(v) {
    var d = v.d, m = v.m, state = v.state, seen = {}, shown = {};
    state.tasks = [];
    Object.keys(state.open).forEach(function (id) {
      L.tasksBehind(d, id, state.support).forEach(function (t) { if (!seen[t]) { seen[t] = true; state.tasks.push(t); } });
    });
    var ids = d.indicators.map(function (n) { return n.id; }).concat(L.shownDepartments(d, state.support), d.chapters.map(function (n) { return n.id; }), state.tasks);
    ids.forEach(function (id) { shown[id] = true; });
    var narrow = state.narrow = (v.box.clientWidth || 800) < 700;
    v.nodes.clear(); v.edges.clear();
    v.nodes.add(ids.map(function (id) { return overviewNode(m, id, state, narrow); }));
    v.edges.add(aggregateEdges(d, m, state).concat(taskEdges(d, m, state, shown)));
    placeWhenMeasured(v.box, v.network, v.nodes, overviewPlace(v.box, d, m, state));
    v.network.redraw();
    overviewList(v.list, m, state, v.site);
  }

  function overviewToggle(v, id) {
    var m = v.m;
    if (!m.byId[id] || m.byId[id].type === "task") return;
    if (v.state.open[id]) delete v.state.open[id]; else v.state.open[id] = true;
    overviewRender(v);
    var names = Object.keys(v.state.open).map(function (k) { return m.byId[k].full_label; });
    v.status.textContent = names.length ? "已展开：" + names.join("、") + "，共 " + v.state.tasks.length + " 项推动指标的任务（概览只计这些任务；列表见图下方）。再次点击可收起。" : "已全部收起。";
    v.status.appendChild(document.createTextNode(" "));
    v.status.appendChild(link(m.byId[id], v.site));
  }

  function overviewEvents(v, wrap) {
    var support = wrap.querySelector("#graph-ov-support"), pick = wrap.querySelector("#graph-ov-expand");
    v.network.on("click", function (p) {
      if (p.nodes.length === 1) {
        var n = v.m.byId[p.nodes[0]];
        if (n.type === "task") window.location.assign(href(n, v.site));
        else overviewToggle(v, n.id);
      } else if (p.edges.length === 1 && p.edges[0].indexOf("agg|") === 0) {
        overviewToggle(v, p.edges[0].split("|")[2]);
      }
    });
    v.network.on("hoverNode", function () { v.box.style.cursor = "pointer"; });
    v.network.on("blurNode", function () { v.box.style.cursor = ""; });
    support.addEventListener("change", function () { v.state.support = support.checked; overviewRender(v); });
    // Why not on every change: on a closed select an arrow key changes the value (Chromium, Firefox), and
    // expanding then would leave no way past the first option. A choice from the opened list (mouse, touch)
    // expands at once; from the keyboard, Enter expands the option reached with the arrow keys.
    var keyed = false;
    function expandPicked() { if (pick.value && !v.state.open[pick.value]) overviewToggle(v, pick.value); }
    pick.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); keyed = false; expandPicked(); }
      else if (e.key === " " || e.key === "F4" || e.altKey) keyed = false;  // the list opens: a choice in it counts
      else if (e.key !== "Tab" && e.key !== "Escape") keyed = true;
    });
    pick.addEventListener("pointerdown", function () { keyed = false; });
    pick.addEventListener("change", function () { if (!keyed) expandPicked(); });
    wrap.querySelector("#graph-ov-collapse").addEventListener("click", function () {
      v.state.open = {};
      pick.value = "";
      overviewRender(v);
      v.status.textContent = "已全部收起。";
    });
  }

  function drawOverview(box, site) {
    var d = window.GENHE_OVERVIEW, wrap = box.closest(".graph-wrap");
    var options = JSON.parse(JSON.stringify(d.options));
    options.nodes.scaling = { label: { drawThreshold: 1 } };
    options.edges.arrows.to.scaleFactor = 0.6;
    // Why no wheel zoom: the canvas is as tall as the diagram, and a wheel over it should scroll the page
    options.interaction.zoomView = false;
    box.textContent = "";
    var v = { d: d, m: L.overviewModel(d), box: box, site: site, nodes: new vis.DataSet([]), edges: new vis.DataSet([]),
      state: { support: wrap.querySelector("#graph-ov-support").checked, open: {}, tasks: [] },
      status: wrap.querySelector("#graph-ov-status"), list: wrap.querySelector("#graph-ov-list") };
    v.network = new vis.Network(box, { nodes: v.nodes, edges: v.edges }, options);
    overviewEvents(v, wrap);
    overviewRender(v);
    register(box, v.network, v.nodes, v.edges, "overview");
  }

  // ------------------------------------------------------------------ the whole graph
  var mainCache = null;

  function mainGraph() {
    if (mainCache) return mainCache;
    var data = window.GENHE_GRAPH, byId = {}, adj = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; adj[n.id] = []; });
    data.edges.forEach(function (e) { adj[e.from].push(e); adj[e.to].push(e); });
    mainCache = { data: data, byId: byId, adj: adj };
    return mainCache;
  }

  function other(e, id) { return e.from === id ? e.to : e.from; }

  function mainSay(v, text, node) {
    v.status.textContent = text;
    if (!node) return;
    v.status.appendChild(document.createTextNode(" "));
    v.status.appendChild(link(node, v.site));
  }

  // the nodes a chapter and/or department filter shows (null: no filter): the chosen ones and their neighbours
  function mainVisible(v) {
    var g = v.g, ch = v.chapter.value, d = v.dept.value ? "department:" + v.dept.value : "", core = {}, shown = {}, mine = {};
    if (!ch && !d) return null;
    if (d && g.adj[d]) g.adj[d].forEach(function (e) { if (e.relation === "leads" || e.relation === "supports") mine[e.to] = true; });
    g.data.nodes.forEach(function (n) { if ((!ch || n.chapter === ch) && (!d || mine[n.id])) core[n.id] = true; });
    Object.keys(core).forEach(function (id) {
      shown[id] = true;
      g.adj[id].forEach(function (e) { shown[other(e, id)] = true; });
    });
    if (d && g.byId[d]) shown[d] = true;
    return shown;
  }

  // semantic zoom: each type's label size for the present zoom and number of nodes shown (layout.labelSizes)
  function mainLabels(v) {
    if (v.filtered) return;
    var sizes = L.labelSizes(v.baseSize, v.network.getScale(), v.shownCount), key = JSON.stringify(sizes) + v.picked + "@" + v.network.getScale();
    if (key === v.labelKey) return;
    v.labelKey = key;
    v.nodes.update(v.g.data.nodes.map(function (n) {
      var size = n.id === v.picked ? Math.max(sizes[n.type], v.baseSize[n.type], L.MIN_LABEL_PX / v.network.getScale()) : sizes[n.type];
      return { id: n.id, font: { size: size, color: (n.font && n.font.color) || "#1f1f1f" } };
    }));
  }

  // the shown nodes in layers, one per type in type order; within a layer, near the mean place of the
  // neighbours in the layers above (fewer crossing links), then by id
  function mainLayers(g, shown) {
    var rank = {}, out = [];
    g.data.type_order.forEach(function (type) {
      var ids = g.data.nodes.filter(function (n) { return shown[n.id] && n.type === type; }).map(function (n) { return n.id; });
      var want = {};
      ids.forEach(function (id, i) {
        var near = g.adj[id].map(function (e) { return rank[other(e, id)]; }).filter(function (r) { return r !== undefined; });
        want[id] = near.length ? near.reduce(function (a, b) { return a + b; }, 0) / near.length : ids.length + i;
      });
      ids.sort(function (a, b) { return (want[a] - want[b]) || (a < b ? -1 : a > b ? 1 : 0); });
      ids.forEach(function (id, i) { rank[id] = ids.length > 1 ? i / (ids.length - 1) * 100 : 50; });
      out.push(ids);
    });
    return out;
  }

  // how much wider than its widthConstraint vis-network (9.1) draws a box whose label wraps (margins, border
  // and the character that overflows the line), measured at 13 and 14 px: two such boxes fit half the room
  var WRAP_SLACK = 38;

  // a filter draws what it shows as labelled boxes, whole labels, in layers (layout.layers: a sub-graph a
  // phone reads, two or three boxes to a row); no filter: the whole network on its rings, labelled as the
  // zoom allows (mainLabels)
  function mainApply(v) {
    var shown = mainVisible(v), ids = [], g = v.g, room = (v.box.clientWidth || 800) - 16;
    g.data.nodes.forEach(function (n) { if (!shown || shown[n.id]) ids.push(n.id); });
    v.shownCount = ids.length;
    v.filtered = !!shown;
    v.network.unselectAll();
    if (shown) {
      var groups = mainLayers(g, shown), narrow = room < 560, chosen = v.dept.value ? "department:" + v.dept.value : "";
      var width = Math.min(200, Math.floor(room / 2) - 2 * L.GAP - WRAP_SLACK);  // two boxes to a row on a phone
      v.nodes.update(g.data.nodes.map(function (n) {
        if (!shown[n.id]) return { id: n.id, hidden: true };
        return copy(boxed(nodeItem(n), width, narrow ? 13 : 14), { label: n.full_label, margin: narrow ? 4 : 6, borderWidth: n.id === chosen ? 3 : 1 });
      }));
      placeWhenMeasured(v.box, v.network, v.nodes, function (sizes) { return L.layers(groups, sizes, room); }, ids);
      v.network.redraw();
    } else {
      v.nodes.update(g.data.nodes.map(function (n) { return copy(nodeItem(n), { hidden: false, widthConstraint: false, margin: 5, borderWidth: 1 }); }));
      v.box.style.height = "";
      v.network.setSize("100%", getComputedStyle(v.box).height);
      v.network.fit({ animation: false });
      v.labelKey = "";
      mainLabels(v);
    }
    mainSayCount(v, shown, ids.length);
    mainRemember(v);
  }

  function mainSayCount(v, shown, count) {
    if (!shown) mainSay(v, "", null);
    else if (count <= 1 && v.dept.value) mainSay(v, "所选部门在所选章中没有牵头或配合的任务。", null);
    else mainSay(v, "显示 " + count + " 个节点（共 " + v.g.data.nodes.length + " 个）：所选范围内的节点及与它们直接相连的节点。", null);
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i++) { if (a[i] < b[i]) return -1; if (a[i] > b[i]) return 1; }
    return 0;
  }

  // the best node for a typed text: the whole label, the id or an indicator's bare name first, then containment
  function mainFind(g, text) {
    var q = text.trim().toLowerCase(), best = null, bestKey = null;
    if (!q) return null;
    g.data.nodes.forEach(function (n) {
      var full = n.full_label.toLowerCase(), bare = full.replace(/^\d+\.\s*/, "").replace(/（[^）]*）$/, ""), cls;
      if (full === q || bare === q || n.ident.toLowerCase() === q) cls = 0;
      else if (full.indexOf(q) >= 0 || n.ident.toLowerCase().indexOf(q) >= 0) cls = 1;
      else return;
      var key = [cls, g.data.search_order.indexOf(n.type), full.length, n.id];
      if (!bestKey || compare(key, bestKey) < 0) { best = n; bestKey = key; }
    });
    return best;
  }

  function mainShowFound(v, text) {
    var n = mainFind(v.g, text);
    if (!text.trim()) { mainSay(v, "", null); return; }
    if (!n) { mainSay(v, "没有找到“" + text.trim() + "”。", null); return; }
    if (v.nodes.get(n.id).hidden) { v.chapter.value = ""; v.dept.value = ""; mainApply(v); }
    v.picked = n.id;
    v.network.selectNodes([n.id]);
    v.network.focus(n.id, { scale: Math.max(v.network.getScale(), 1.1), animation: false });
    mainLabels(v);
    mainSay(v, "已找到：" + n.full_label + "（" + v.g.data.types[n.type].label + "）。", n);
    mainRemember(v);
  }

  function mainRemember(v) {
    if (window.location.protocol === "file:") return;
    var q = new URLSearchParams();
    if (v.chapter.value) q.set("chapter", v.chapter.value);
    if (v.dept.value) q.set("dept", v.dept.value);
    if (v.search.value.trim()) q.set("q", v.search.value.trim());
    var qs = q.toString();
    try { history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash); } catch (e) { /* ignore */ }
  }

  function mainEvents(v, wrap) {
    var timer = null, frame = 0;
    v.search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (v.search.value.trim().length >= 2 || !v.search.value) mainShowFound(v, v.search.value); }, 250);
    });
    wrap.querySelector(".graph-controls").addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); mainShowFound(v, v.search.value); });
    v.chapter.addEventListener("change", function () { mainApply(v); });
    v.dept.addEventListener("change", function () { mainApply(v); });
    wrap.querySelector("#graph-reset").addEventListener("click", function () {
      v.search.value = ""; v.chapter.value = ""; v.dept.value = "";
      mainApply(v);
    });
    v.network.on("zoom", function () {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(function () { mainLabels(v); });
    });
    v.network.on("afterDrawing", function () {
      if (v.filtered || v.labelKey.indexOf("@" + v.network.getScale()) >= 0) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(function () { mainLabels(v); });
    });
    v.network.on("selectNode", function (p) { v.picked = p.nodes[0]; mainLabels(v); });
    v.network.on("deselectNode", function () { v.picked = null; mainLabels(v); });
  }

  function mainPreset(v) {
    var params = new URLSearchParams(window.location.search);
    [[v.chapter, params.get("chapter")], [v.dept, params.get("dept")]].forEach(function (p) {
      if (p[1] && Array.prototype.some.call(p[0].options, function (o) { return o.value === p[1]; })) p[0].value = p[1];
    });
    mainApply(v);
    if (params.get("q")) { v.search.value = params.get("q"); mainShowFound(v, v.search.value); }
  }

  function drawMain(box, site) {
    var wrap = box.closest(".graph-wrap"), g = mainGraph(), labels = {}, list = wrap.querySelector("#graph-search-list");
    var v = { g: g, site: site, box: box, filtered: false, status: wrap.querySelector(".graph-status"), search: wrap.querySelector("#graph-search"),
      chapter: wrap.querySelector("#graph-chapter"), dept: wrap.querySelector("#graph-department"),
      nodes: new vis.DataSet(g.data.nodes.map(nodeItem)), edges: new vis.DataSet(edgeItems(g.byId, g.data.edges)),
      baseSize: {}, shownCount: g.data.nodes.length, picked: null, labelKey: "" };
    g.data.nodes.forEach(function (n) { v.baseSize[n.type] = Math.max(n.font.size, L.MIN_LABEL_PX); labels[n.full_label] = true; });
    var options = JSON.parse(JSON.stringify(g.data.options));
    options.nodes.scaling = { label: { drawThreshold: 1 } };
    v.network = new vis.Network(box, { nodes: v.nodes, edges: v.edges }, options);
    register(box, v.network, v.nodes, v.edges, "main");
    openOnClick(box, v.network, g.byId, site, null);
    Object.keys(labels).sort().forEach(function (label) {
      var opt = document.createElement("option");
      opt.value = label;
      list.appendChild(opt);
    });
    mainEvents(v, wrap);
    mainPreset(v);
  }

  window.genheGraph = {
    draw: function (el, site) {
      var view = el.getAttribute("data-graph-view");
      L = window.genheGraphLayout;
      if (!window.vis || !L) return;
      if (view === "main" && window.GENHE_GRAPH) drawMain(el, site);
      else if (view === "overview" && window.GENHE_OVERVIEW) drawOverview(el, site);
      else if (view === "focus") drawFocus(el, site);
    }
  };
})();
