// Runs the graph layout module (docs/assets/graph/layout.js) in Node, without a browser, for
// tests/test_graph_layout_js.py: reads a JSON list of calls [[function name, [args]]] on stdin and
// writes the list of their results as JSON on stdout.
"use strict";

const fs = require("fs");
const path = require("path");

const L = require(path.join(__dirname, "..", "..", "docs", "assets", "graph", "layout.js"));

const calls = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(calls.map(([name, args]) => (typeof L[name] === "function" ? L[name](...args) : L[name]))));
