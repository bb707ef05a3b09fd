/* Plan graph layout: pure functions, no DOM, nothing global read (tests/js/graph_runner.js runs them
   in Node). graph.js, the views, measures what vis-network draws and asks this module where things go.

   Sizes are {id: {w, h}} in canvas units, as vis-network measured the labelled boxes; positions are
   {id: {x, y}} of box centres. Every stacking function leaves GAP or more between boxes, so labels
   cannot overlap whatever their length. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.genheGraphLayout = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var GAP = 10;
  var MIN_LABEL_PX = 12;  // no label is drawn smaller on screen than this (CSS px)

  // ---------------------------------------------------------------- overview data
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

  // the departments drawn: leading ones, or with supporting ones too (state.support)
  function shownDepartments(d, support) {
    var on = {};
    d.links.forEach(function (l) {
      Object.keys(l.departments).forEach(function (dep) {
        var x = l.departments[dep];
        if (x.lead.length || (support && x.support.length)) on[dep] = true;
      });
    });
    return d.departments.map(function (n) { return n.id; }).filter(function (id) { return on[id]; });
  }

  // ---------------------------------------------------------------- stacking
  // y of each box of a column: near want[id] (sorted by it), GAP apart by real heights, centred on the wishes
  function column(ids, want, sizes, gap) {
    var order = ids.slice().sort(function (a, b) { return (want[a] - want[b]) || (ids.indexOf(a) - ids.indexOf(b)); });
    var y = {}, bottom = -Infinity, shift = 0;
    order.forEach(function (id) {
      var h = sizes[id].h;
      y[id] = Math.max(want[id], bottom + gap + h / 2);
      bottom = y[id] + h / 2;
      shift += y[id] - want[id];
    });
    shift = order.length ? shift / order.length : 0;
    order.forEach(function (id) { y[id] = Math.round(y[id] - shift); });
    return y;
  }

  // boxes one under the other from `top`, in the given order; returns {y: {id: centre}, bottom}
  function stack(ids, sizes, top, gap) {
    var y = {}, at = top;
    ids.forEach(function (id) {
      y[id] = Math.round(at + sizes[id].h / 2);
      at += sizes[id].h + gap;
    });
    return { y: y, bottom: at - gap };
  }

  function widest(ids, sizes) {
    return ids.reduce(function (w, id) { return Math.max(w, sizes[id].w); }, 0);
  }

  // ---------------------------------------------------------------- the overview, wide: three columns
  // departments | (tasks) | indicators | chapters; each side box sits near the mean y of the indicators it feeds
  function overviewWide(d, m, state, sizes) {
    var pos = {}, sums = {}, want = {}, inds = d.indicators.map(function (n) { return n.id; });
    var ys = stack(inds, sizes, 0, 2 * GAP).y;
    inds.forEach(function (id) { pos[id] = { x: 0, y: ys[id] }; });
    function pull(id, y, w) { sums[id] = sums[id] || [0, 0]; sums[id][0] += y * w; sums[id][1] += w; }
    d.links.forEach(function (l) {
      Object.keys(l.departments).forEach(function (dep) {
        var x = l.departments[dep], n = x.lead.length + (state.support ? x.support.length : 0);
        if (n) pull(dep, ys[l.indicator], n);
      });
      Object.keys(l.chapters).forEach(function (c) { pull(c, ys[l.indicator], l.chapters[c].length); });
    });
    state.tasks.forEach(function (t) { m.taskInds[t].forEach(function (i) { pull(t, ys[i], 1); }); });
    Object.keys(sums).forEach(function (id) { want[id] = sums[id][0] / sums[id][1]; });
    var depts = shownDepartments(d, state.support), chapters = d.chapters.map(function (n) { return n.id; });
    var half = widest(inds, sizes) / 2, taskW = widest(state.tasks, sizes);
    var xTask = -half - 4 * GAP - taskW / 2, xDept = (state.tasks.length ? xTask - taskW / 2 : -half) - 6 * GAP - widest(depts, sizes) / 2;
    var xChapter = half + 6 * GAP + widest(chapters, sizes) / 2;
    [[depts, xDept], [chapters, xChapter], [state.tasks, xTask]].forEach(function (c) {
      var y = column(c[0], want, sizes, GAP);
      c[0].forEach(function (id) { pos[id] = { x: Math.round(c[1]), y: y[id] }; });
    });
    return pos;
  }

  // ---------------------------------------------------------------- the overview, narrow: two columns
  // a phone: departments, then chapters, on the left; indicators on the right; expanded tasks under the
  // node they were expanded from, in the left column. Every box at least as tall as its real label.
  function overviewNarrow(d, state, sizes) {
    var pos = {}, inds = d.indicators.map(function (n) { return n.id; }), left = [];
    var depts = shownDepartments(d, state.support), chapters = d.chapters.map(function (n) { return n.id; });
    var under = {}, placed = {};
    Object.keys(state.open).forEach(function (id) {
      under[id] = tasksBehind(d, id, state.support).filter(function (t) { if (placed[t]) return false; placed[t] = true; return true; });
    });
    depts.concat(chapters).forEach(function (id) { left.push(id); (under[id] || []).forEach(function (t) { left.push(t); }); });
    Object.keys(under).forEach(function (id) { if (left.indexOf(id) < 0) under[id].forEach(function (t) { if (left.indexOf(t) < 0) left.push(t); }); });
    var wl = widest(left, sizes), wr = widest(inds, sizes);
    var xl = -(wl / 2 + 3 * GAP), xr = wr / 2 + 3 * GAP;
    var ly = stack(left, sizes, 0, GAP).y, ry = stack(inds, sizes, 0, GAP).y;
    left.forEach(function (id) { pos[id] = { x: Math.round(xl), y: ly[id] }; });
    inds.forEach(function (id) { pos[id] = { x: Math.round(xr), y: ry[id] }; });
    return pos;
  }

  // ---------------------------------------------------------------- a node and its neighbours
  // wide: the centre in the middle, neighbours in columns left and right of it; narrow (less room than
  // three columns): the centre on top, neighbours in columns under it. `order`: neighbour ids in reading order.
  function ego(centre, order, sizes, room) {
    var colW = widest(order, sizes) + 4 * GAP, cw = sizes[centre].w + 4 * GAP, pos = {};
    var cols = Math.max(1, Math.floor(room / colW));
    if (cols >= 3 && order.length > 1) {
      var half = Math.ceil(order.length / 2), sides = [order.slice(0, half), order.slice(half)];
      var stacks = sides.map(function (ids) { return stack(ids, sizes, 0, GAP); }), tall = Math.max(stacks[0].bottom, stacks[1].bottom);
      sides.forEach(function (ids, i) {
        var dx = (i === 0 ? -1 : 1) * (cw / 2 + colW / 2), dy = (tall - stacks[i].bottom) / 2;
        ids.forEach(function (id) { pos[id] = { x: Math.round(dx), y: Math.round(stacks[i].y[id] + dy) }; });
      });
      pos[centre] = { x: 0, y: Math.round(tall / 2) };
      return pos;
    }
    pos = grid(order, sizes, room, sizes[centre].h + 6 * GAP);
    pos[centre] = { x: 0, y: Math.round(sizes[centre].h / 2) };
    return pos;
  }

  // boxes in reading order flowed into as many columns as fit in `room`, each column stacked from `top`
  function grid(order, sizes, room, top) {
    var colW = widest(order, sizes) + 2 * GAP, cols = Math.max(1, Math.min(order.length, Math.floor(room / colW)));
    var per = Math.ceil(order.length / cols), pos = {};
    for (var c = 0; c < cols; c++) {
      var ids = order.slice(c * per, (c + 1) * per), s = stack(ids, sizes, top, GAP), x = (c - (cols - 1) / 2) * colW;
      ids.forEach(function (id) { pos[id] = { x: Math.round(x), y: s.y[id] }; });
    }
    return pos;
  }

  // a filtered sub-graph as layers, one per type in `groups` (lists of ids, in drawing order), one under
  // the other: each layer in as many columns of its widest box as fit in `room`, each box put, in order,
  // at the foot of the shortest column (no row is as tall as its tallest box). A phone gets two or more
  // columns, not one column of every node.
  function layers(groups, sizes, room) {
    var pos = {}, top = 0;
    groups.filter(function (ids) { return ids.length; }).forEach(function (ids) {
      var cell = widest(ids, sizes) + 2 * GAP, cols = Math.max(1, Math.min(ids.length, Math.floor(room / cell))), foot = [];
      for (var c = 0; c < cols; c++) foot.push(top);
      ids.forEach(function (id) {
        var k = foot.indexOf(Math.min.apply(null, foot)), h = sizes[id].h;
        pos[id] = { x: Math.round((k - (cols - 1) / 2) * cell), y: Math.round(foot[k] + h / 2) };
        foot[k] += h + GAP;
      });
      top = Math.max.apply(null, foot) + 3 * GAP;
    });
    return pos;
  }

  // the drawing's extent: {w, h} of the boxes at `pos`
  function extent(pos, sizes) {
    var ids = Object.keys(pos), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id], s = sizes[id];
      x0 = Math.min(x0, p.x - s.w / 2); x1 = Math.max(x1, p.x + s.w / 2);
      y0 = Math.min(y0, p.y - s.h / 2); y1 = Math.max(y1, p.y + s.h / 2);
    });
    return ids.length ? { w: x1 - x0, h: y1 - y0 } : { w: 0, h: 0 };
  }

  // ---------------------------------------------------------------- semantic zoom of the whole network
  // The label size (canvas units) of each node type at zoom `scale`: 0 hides the label. A type is labelled
  // once the reader has zoomed in far enough for its ring to have room (SHOW_AT), every type when at most
  // FEW nodes are shown (a filter); a labelled node never reads smaller than MIN_LABEL_PX on screen.
  var SHOW_AT = { chapter: 0, indicator: 0.45, department: 0.6, project: 0.75, place: 0.75, section: 0.9, task: 0.9, target: 1.1 };
  var FEW = 60;

  function labelSizes(types, scale, shown) {
    var out = {};
    Object.keys(types).forEach(function (t) {
      var on = shown <= FEW || scale >= (t in SHOW_AT ? SHOW_AT[t] : 1);
      out[t] = on ? Math.max(types[t], MIN_LABEL_PX / scale) : 0;
    });
    return out;
  }

  // ---------------------------------------------------------------- checks
  // pairs of boxes ({id: {x, y, w, h}}, centres) that overlap by more than `slack`
  function overlaps(boxes, slack) {
    var ids = Object.keys(boxes).sort(), out = [], s = slack || 0;
    for (var i = 0; i < ids.length; i++) {
      for (var j = i + 1; j < ids.length; j++) {
        var a = boxes[ids[i]], b = boxes[ids[j]];
        if (Math.abs(a.x - b.x) * 2 < a.w + b.w - 2 * s && Math.abs(a.y - b.y) * 2 < a.h + b.h - 2 * s) out.push([ids[i], ids[j]]);
      }
    }
    return out;
  }

  return {
    GAP: GAP, MIN_LABEL_PX: MIN_LABEL_PX, SHOW_AT: SHOW_AT, FEW: FEW,
    overviewModel: overviewModel, tasksBehind: tasksBehind, shownDepartments: shownDepartments,
    column: column, stack: stack, grid: grid, layers: layers, extent: extent, overviewWide: overviewWide, overviewNarrow: overviewNarrow,
    ego: ego, labelSizes: labelSizes, overlaps: overlaps
  };
});
