/**
 * The report's browser code, inline in the page. It reads the data from the JSON script tag,
 * draws the charts as SVG, and shows the trajectories in a virtual list (only the rows in view
 * are in the page, so ten thousand trajectories scroll as fast as ten) beside a viewer. All
 * record text goes in through textContent, never as HTML.
 * Plain ES2017 without template literals, so it can live in this string.
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var ROW = 64;

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    if (attributes) Object.keys(attributes).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else if (key === "className") node.className = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- charts ------------------------------------------------------------------------------
  function barChart(title, entries, note) {
    var box = el("div", { className: "chart", "data-chart": title }, [el("h3", { text: title })]);
    if (!entries.length) { box.appendChild(el("p", { className: "note", text: note || "no data" })); return box; }
    var labelWidth = Math.min(150, 12 + 7 * Math.max.apply(null, entries.map(function (e) { return String(e[0]).length; })));
    var width = 300, barHeight = 18, gap = 4, height = entries.length * (barHeight + gap);
    var top = Math.max.apply(null, entries.map(function (e) { return e[1]; })) || 1;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": title });
    entries.forEach(function (entry, index) {
      var y = index * (barHeight + gap);
      var label = String(entry[0]);
      chart.appendChild(svg("text", { x: 0, y: y + 13 }, label.length > 22 ? label.slice(0, 21) + "…" : label));
      var barWidth = Math.max(1, (width - labelWidth - 50) * entry[1] / top);
      var bar = svg("rect", { x: labelWidth, y: y + 2, width: barWidth, height: barHeight - 4, rx: 2 });
      bar.appendChild(svg("title", {}, label + ": " + entry[1]));
      chart.appendChild(bar);
      chart.appendChild(svg("text", { x: labelWidth + barWidth + 4, y: y + 13 }, formatNumber(entry[1])));
    });
    box.appendChild(chart);
    if (note) box.appendChild(el("p", { className: "note", text: note }));
    return box;
  }
  function formatNumber(value) {
    if (typeof value !== "number") return String(value);
    if (Math.abs(value) >= 10000) return Math.round(value).toLocaleString("en-US");
    return String(Math.round(value * 1000) / 1000);
  }
  function histogramEntries(distribution) {
    return Object.keys(distribution.histogram).sort(function (a, b) { return Number(a) - Number(b); })
      .map(function (key) { return [key, distribution.histogram[key]]; });
  }
  function describe(distribution) {
    if (!distribution.count) return "";
    return "min " + distribution.min + " · median " + distribution.median + " · mean " + distribution.mean + " · max " + distribution.max + " · n " + distribution.count;
  }
  function counted(record) {
    return Object.keys(record).map(function (key) { return [key, record[key]]; }).sort(function (a, b) { return b[1] - a[1]; });
  }
  /** Values into about ten equal-width buckets, for continuous numbers such as tokens and scores. */
  function buckets(values) {
    if (!values.length) return [];
    var min = Math.min.apply(null, values), max = Math.max.apply(null, values);
    var distinct = values.filter(function (v, i, all) { return all.indexOf(v) === i; });
    if (distinct.length <= 12) return distinct.sort(function (a, b) { return a - b; }).map(function (v) { return [v, values.filter(function (x) { return x === v; }).length]; });
    var size = (max - min) / 10, counts = [];
    for (var i = 0; i < 10; i++) counts.push(0);
    values.forEach(function (v) { counts[Math.min(9, Math.floor((v - min) / size))]++; });
    return counts.map(function (count, i) { return [formatNumber(min + i * size) + "–" + formatNumber(min + (i + 1) * size), count]; });
  }

  function drawCharts() {
    var stats = data.stats, root = document.getElementById("charts");
    var add = function (chart) { root.appendChild(chart); };
    add(barChart("Turns per trajectory", histogramEntries(stats.turns), describe(stats.turns)));
    add(barChart("Calls per trajectory", histogramEntries(stats.callsPerTrajectory), describe(stats.callsPerTrajectory)));
    add(barChart("Parallel turns per trajectory", histogramEntries(stats.parallelTurns), describe(stats.parallelTurns)));
    add(barChart("Calls per calling turn", histogramEntries(stats.callsPerTurn), describe(stats.callsPerTurn)));
    add(barChart("Task depth (longest chain of sub-tasks)", histogramEntries(data.depth), describe(data.depth) || "no tasks.jsonl found"));
    add(barChart("Strategies", counted(stats.strategies)));
    add(barChart("Rejection reasons by code", counted(stats.rejectionReasons), stats.rejected ? "" : "nothing rejected"));
    add(barChart("Failed checks on accepted trajectories", counted(stats.failedVerdicts), Object.keys(stats.failedVerdicts).length ? "" : "every stored check passed"));
    var roles = Object.keys(stats.tokenUsage.byRole);
    add(barChart("Tokens by role (prompt + completion)", roles.map(function (role) {
      var count = stats.tokenUsage.byRole[role]; return [role, count.prompt_tokens + count.completion_tokens];
    }), stats.tokenUsage.records ? "from " + stats.tokenUsage.records + " records with usage" : ""));
    if (data.costByRole) add(barChart("Cost by role", counted(data.costByRole), "from the price table given"));
    else add(barChart("Cost by role", [], "no prices: button stats DIR --html FILE --prices prices.json"));
    add(barChart("Tokens spent per accepted trajectory", buckets(valuesOf(data.tokensPerTrajectory)), describe(data.tokensPerTrajectory)));
    if (data.recordTokens) add(barChart("Record length in tokens (" + data.recordTokens.tokenizer + ")", buckets(valuesOf(data.recordTokens.lengths)), describe(data.recordTokens.lengths)));
    data.scores.forEach(function (series) { add(barChart("Score: " + series.name, buckets(series.values), "n " + series.values.length)); });
    if (!data.scores.length) add(barChart("Judge scores", [], "no verdict carries a score (run with a judge)"));
  }
  function valuesOf(distribution) {
    var values = [];
    Object.keys(distribution.histogram).forEach(function (key) { for (var i = 0; i < distribution.histogram[key]; i++) values.push(Number(key)); });
    return values;
  }

  // ---- list --------------------------------------------------------------------------------
  var all = data.trajectories;
  all.forEach(function (t) {
    t._search = [t.id, t.task_id, t.request, t.strategy || "", t.reason || "", t.functions.join(" ")].join(" \u0000 ").toLowerCase();
    t._failed = t.verdicts.filter(function (v) { return v.ok === false; }).map(function (v) { return String(v.check); });
  });
  var shown = all;
  var selected = null;
  var list = document.getElementById("list");
  var spacer = el("div", { className: "spacer" });
  list.appendChild(spacer);

  function fillSelect(id, label, values) {
    var select = document.getElementById(id);
    select.appendChild(el("option", { value: "", text: label }));
    values.forEach(function (value) { select.appendChild(el("option", { value: value[0], text: value[1] })); });
    select.addEventListener("change", applyFilters);
  }
  function unique(values) { return values.filter(function (v, i, a) { return v && a.indexOf(v) === i; }).sort(); }
  fillSelect("filter-status", "accepted and rejected", [["accepted", "accepted"], ["rejected", "rejected"]]);
  fillSelect("filter-strategy", "any strategy", unique(all.map(function (t) { return t.strategy; })).map(function (s) { return [s, s]; }));
  var checks = unique([].concat.apply([], all.map(function (t) { return t.verdicts.map(function (v) { return String(v.check); }); })));
  var reasons = unique(all.map(function (t) { return t.reason_kind; }));
  fillSelect("filter-verdict", "any verdict", [["passed", "every check passed"]]
    .concat(checks.map(function (c) { return ["failed:" + c, "failed: " + c]; }))
    .concat(reasons.map(function (r) { return ["reason:" + r, "rejected: " + r]; })));
  fillSelect("filter-function", "any function", unique([].concat.apply([], all.map(function (t) { return t.functions; }))).map(function (f) { return [f, f]; }));
  var search = document.getElementById("search");
  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, 120); });

  function applyFilters() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var status = document.getElementById("filter-status").value;
    var strategy = document.getElementById("filter-strategy").value;
    var verdict = document.getElementById("filter-verdict").value;
    var fn = document.getElementById("filter-function").value;
    shown = all.filter(function (t) {
      if (status && t.status !== status) return false;
      if (strategy && t.strategy !== strategy) return false;
      if (fn && t.functions.indexOf(fn) < 0) return false;
      if (verdict === "passed" && (t._failed.length || t.status === "rejected")) return false;
      if (verdict.indexOf("failed:") === 0 && t._failed.indexOf(verdict.slice(7)) < 0) return false;
      if (verdict.indexOf("reason:") === 0 && t.reason_kind !== verdict.slice(7)) return false;
      for (var i = 0; i < words.length; i++) if (t._search.indexOf(words[i]) < 0) return false;
      return true;
    });
    document.getElementById("count").textContent = shown.length + " of " + all.length + " trajectories";
    list.scrollTop = 0;
    renderRows();
  }

  function renderRows() {
    spacer.style.height = shown.length * ROW + "px";
    Array.prototype.slice.call(list.querySelectorAll(".row")).forEach(function (row) { row.remove(); });
    var first = Math.max(0, Math.floor(list.scrollTop / ROW) - 5);
    var last = Math.min(shown.length, Math.ceil((list.scrollTop + list.clientHeight) / ROW) + 5);
    for (var i = first; i < last; i++) list.appendChild(rowFor(shown[i], i));
  }
  function rowFor(t, index) {
    var failed = t._failed.length ? " · failed: " + t._failed.join(", ") : "";
    var row = el("div", { className: "row" + (selected === t ? " selected" : ""), role: "button", tabindex: "0", "data-id": t.id }, [
      el("div", { className: "line1" }, [el("span", { className: "badge " + t.status, text: t.status }), el("span", { text: t.strategy || "" }), el("span", { text: t.turns + " turns · " + t.calls + " calls" })]),
      el("div", { className: "line2", text: t.request || "(no user message)" }),
      el("div", { className: "line3", text: (t.reason_kind ? t.reason_kind + " · " : "") + t.functions.join(", ") + failed }),
    ]);
    row.style.top = index * ROW + "px";
    row.addEventListener("click", function () { open(t); });
    row.addEventListener("keydown", function (event) { if (event.key === "Enter") open(t); });
    return row;
  }
  list.addEventListener("scroll", function () { window.requestAnimationFrame(renderRows); });
  window.addEventListener("resize", renderRows);

  // ---- viewer ------------------------------------------------------------------------------
  function pretty(text) {
    if (typeof text !== "string") return JSON.stringify(text, null, 2);
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (error) { return text; }
  }
  function bubble(kind, who, children) {
    return el("div", { className: "bubble " + kind }, [el("span", { className: "who", text: who })].concat(children));
  }
  function open(t) {
    selected = t;
    if (location.hash !== "#" + encodeURIComponent(t.id)) history.replaceState(null, "", "#" + encodeURIComponent(t.id));
    renderRows();
    var viewer = document.getElementById("viewer");
    viewer.textContent = "";
    viewer.appendChild(el("div", { className: "viewer-head" }, [
      el("span", { className: "badge " + t.status, text: t.status }),
      el("code", { text: t.id }), el("span", { className: "note", text: "task " + t.task_id }),
      el("span", { text: (t.strategy || "") + " · " + t.turns + " turns · " + t.calls + " calls" + (t.tokens !== undefined ? " · " + t.tokens + " tokens spent" : "") + (t.record_tokens !== undefined ? " · " + t.record_tokens + " tokens long" : "") }),
    ]));
    if (t.reason) viewer.appendChild(el("p", { className: "reason", text: t.reason }));
    var names = {};
    var dialogue = el("div", { className: "dialogue", "aria-label": "dialogue" });
    t.messages.forEach(function (message) {
      if (message.role === "system") {
        dialogue.appendChild(bubble("system", "system", [el("details", {}, [el("summary", { text: "system prompt (" + String(message.content || "").length + " characters)" }), el("pre", { text: message.content || "" })])]));
      } else if (message.role === "user") {
        dialogue.appendChild(bubble("user", "user", [message.content || ""]));
      } else if (message.role === "assistant") {
        var parts = [];
        if (message.thought) parts.push(el("details", {}, [el("summary", { text: "thought" }), el("pre", { text: message.thought })]));
        if (message.content) parts.push(el("div", { text: message.content }));
        (message.tool_calls || []).forEach(function (call) {
          names[call.id] = call.function.name;
          parts.push(el("details", { className: "call" }, [el("summary", { text: "call " + call.function.name }), el("pre", { text: pretty(call.function.arguments) })]));
        });
        dialogue.appendChild(bubble("assistant", "assistant", parts));
      } else if (message.role === "tool") {
        var name = names[message.tool_call_id] || message.name || "tool";
        dialogue.appendChild(bubble("tool", "result of " + name, [el("details", { className: "result" }, [el("summary", { text: summaryOf(message.content) }), el("pre", { text: pretty(message.content) })])]));
      }
    });
    var side = el("div", { className: "side" }, [planOf(t), verdictsOf(t)]);
    viewer.appendChild(el("div", { className: "viewer-body" }, [dialogue, side]));
  }
  function summaryOf(content) {
    var text = String(content || "").replace(/\s+/g, " ");
    return text.length > 80 ? text.slice(0, 79) + "…" : text || "(empty)";
  }
  function planOf(t) {
    var task = data.tasks[t.task_id];
    var section = el("section", { className: "plan" }, [el("h3", { text: "Task plan" })]);
    if (!task) { section.appendChild(el("p", { className: "note", text: "task " + t.task_id + " is not in the run's tasks file" })); return section; }
    section.appendChild(el("p", { text: task.task }));
    if (task.scenario) section.appendChild(el("p", { className: "meta", text: "scenario: " + task.scenario }));
    var meta = [task.strategy, task.variant ? "variant " + task.variant : ""].filter(Boolean).join(" · ");
    if (meta) section.appendChild(el("p", { className: "meta", text: meta }));
    var items = el("ol");
    task.subtasks.forEach(function (subtask) {
      var detail = [subtask.role, subtask.depends_on && subtask.depends_on.length ? "after " + subtask.depends_on.join(", ") : "", subtask.functions && subtask.functions.length ? "functions: " + subtask.functions.join(", ") : "no function"].filter(Boolean).join(" · ");
      items.appendChild(el("li", {}, [el("span", { text: subtask.id + ": " + subtask.text }), el("div", { className: "meta", text: detail })]));
    });
    section.appendChild(items);
    return section;
  }
  function verdictsOf(t) {
    var section = el("section", { className: "verdicts" }, [el("h3", { text: "Checks" })]);
    if (!t.verdicts.length) { section.appendChild(el("p", { className: "note", text: t.status === "rejected" ? "rejected before the checks ran" : "no verdicts stored" })); return section; }
    var table = el("table");
    t.verdicts.forEach(function (verdict) {
      var state = verdict.ok ? "ok" : verdict.severity === "warn" ? "warn" : "fail";
      var extra = typeof verdict.score === "number" ? " (score " + verdict.score + ")" : "";
      table.appendChild(el("tr", {}, [
        el("td", { className: state, text: verdict.ok ? "✓" : verdict.severity === "warn" ? "!" : "✗" }),
        el("td", {}, [el("b", { text: String(verdict.check) + extra }), verdict.detail ? el("div", { text: String(verdict.detail) }) : null]),
      ]));
    });
    section.appendChild(table);
    return section;
  }

  drawCharts();
  applyFilters();
  var wanted = decodeURIComponent(location.hash.slice(1));
  var initial = wanted && all.filter(function (t) { return t.id === wanted; })[0];
  if (initial) open(initial);
})();
`;
