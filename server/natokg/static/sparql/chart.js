// A chart view of a SELECT result in the query editor: a YASR plugin of our own (no chart
// plugin for YASR is published on npm), drawn as SVG without any library.
//  - "Bars": one bar per row (or per distinct value, counting rows) — the first column of
//    names or IRIs against the first numeric column.
//  - "Per year": rows counted per year of the first column of dates or years (a timeline).
// Loaded before ui.js, which registers it: window.NatokgChart(labelOf) → the plugin class.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
  var DATED = /#(date|dateTime|gYear|gYearMonth)$/;

  function svg(name, attributes, text) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function isNumber(term) {
    return term && term.type !== "uri" && NUMERIC.test(term.datatype || "") && !isNaN(+term.value);
  }
  function yearOf(term) {
    if (!term || term.type === "uri") { return null; }
    var match = /^(-?\d{4})/.exec(term.value);
    if (!match) { return null; }
    if (DATED.test(term.datatype || "")) { return +match[1]; }
    return null;
  }
  function columns(yasr) {
    var vars = yasr.results.getVariables();
    var rows = yasr.results.getBindings();
    function all(test) {
      return vars.filter(function (v) {
        var seen = rows.filter(function (r) { return r[v]; });
        return seen.length > 0 && seen.every(function (r) { return test(r[v]); });
      });
    }
    return {
      rows: rows,
      numbers: all(isNumber),
      dates: all(function (t) { return yearOf(t) !== null; }),
      names: vars.filter(function (v) {
        return rows.some(function (r) { return r[v] && !isNumber(r[v]) && yearOf(r[v]) === null; });
      })
    };
  }

  window.NatokgChart = function (labelOf) {
    function name(term) {
      if (!term) { return "(none)"; }
      return term.type === "uri" ? (labelOf(term.value) || term.value.replace(/^.*[\/#]/, "")) : term.value;
    }

    function Chart(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
      this.hideFromSelection = false;
    }
    Chart.prototype.canHandleResults = function () {
      var results = this.yasr.results;
      if (!results || !results.getBindings || !results.getVariables || !results.getBindings()) { return false; }
      var found = columns(this.yasr);
      return found.rows.length > 0 && (found.numbers.length > 0 || found.dates.length > 0 || found.names.length > 0);
    };
    Chart.prototype.getIcon = function () {
      var icon = document.createElement("span");
      icon.className = "natokg-chart-icon";
      icon.textContent = "\u2587";
      return icon;
    };
    Chart.prototype.draw = function () {
      var root = this.yasr.resultsEl;
      var found = columns(this.yasr);
      var box = document.createElement("div");
      box.className = "natokg-chart";
      var kinds = [];
      if (found.names.length) { kinds.push(["bars", "Bars"]); }
      if (found.dates.length) { kinds.push(["years", "Per year"]); }
      var picker = document.createElement("select");
      picker.className = "natokg-chart-kind";
      kinds.forEach(function (k) {
        var option = document.createElement("option");
        option.value = k[0];
        option.textContent = k[1];
        picker.appendChild(option);
      });
      var area = document.createElement("div");
      var self = this;
      function redraw() {
        area.textContent = "";
        area.appendChild(picker.value === "years" ? years(found) : bars(found));
      }
      picker.addEventListener("change", redraw);
      if (kinds.length > 1) { box.appendChild(picker); }
      box.appendChild(area);
      root.appendChild(box);
      if (kinds.length) { redraw(); } else { area.textContent = "Nothing to chart: no names, numbers or dates."; }
      return self;
    };

    function bars(found) {
      var x = found.names[0], y = found.numbers[0];
      var totals = {}, order = [];
      found.rows.forEach(function (r) {
        var key = name(r[x]);
        if (!(key in totals)) { totals[key] = 0; order.push(key); }
        totals[key] += y ? +(r[y] ? r[y].value : 0) : 1;
      });
      order = order.slice(0, 60);
      var max = Math.max.apply(null, order.map(function (k) { return totals[k]; }).concat([1]));
      var rowH = 22, left = 260, width = 820, plot = width - left - 60;
      var chart = svg("svg", {
        width: width, height: order.length * rowH + 30, role: "img",
        "aria-label": (y ? y : "rows") + " per " + x, "class": "natokg-bars"
      });
      chart.appendChild(svg("text", { x: left, y: 14, "font-size": 12, fill: "#5a6776" },
        (y ? "?" + y : "number of rows") + " per ?" + x));
      order.forEach(function (key, i) {
        var top = 24 + i * rowH;
        var w = Math.max(1, plot * totals[key] / max);
        chart.appendChild(svg("text", { x: left - 6, y: top + 14, "text-anchor": "end", "font-size": 12 },
          key.length > 36 ? key.slice(0, 35) + "\u2026" : key));
        var bar = svg("rect", { x: left, y: top + 3, width: w, height: rowH - 6, fill: "#00478f" });
        bar.appendChild(svg("title", {}, key + ": " + totals[key]));
        chart.appendChild(bar);
        chart.appendChild(svg("text", { x: left + w + 4, y: top + 14, "font-size": 12 }, String(totals[key])));
      });
      return chart;
    }

    function years(found) {
      var column = found.dates[0];
      var counts = {};
      found.rows.forEach(function (r) {
        var year = yearOf(r[column]);
        if (year !== null) { counts[year] = (counts[year] || 0) + 1; }
      });
      var all = Object.keys(counts).map(Number).sort(function (a, b) { return a - b; });
      var first = all[0], last = all[all.length - 1];
      var span = Math.max(1, last - first + 1);
      var max = Math.max.apply(null, all.map(function (y) { return counts[y]; }).concat([1]));
      var width = 820, height = 240, left = 40, bottom = 30, plot = width - left - 20;
      var step = plot / span;
      var chart = svg("svg", {
        width: width, height: height, role: "img", "aria-label": "rows per year of ?" + column,
        "class": "natokg-years"
      });
      chart.appendChild(svg("text", { x: left, y: 14, "font-size": 12, fill: "#5a6776" },
        "rows per year of ?" + column + " (" + first + "\u2013" + last + ")"));
      chart.appendChild(svg("line", { x1: left, y1: height - bottom, x2: width - 20, y2: height - bottom, stroke: "#5a6776" }));
      all.forEach(function (year) {
        var h = (height - bottom - 30) * counts[year] / max;
        var x = left + (year - first) * step;
        var bar = svg("rect", {
          x: x + 1, y: height - bottom - h, width: Math.max(2, step - 2), height: h, fill: "#00478f"
        });
        bar.appendChild(svg("title", {}, year + ": " + counts[year]));
        chart.appendChild(bar);
      });
      var ticks = Math.min(span, 10);
      for (var i = 0; i <= ticks; i++) {
        var year = Math.round(first + (span - 1) * i / Math.max(1, ticks));
        chart.appendChild(svg("text", {
          x: left + (year - first) * step + step / 2, y: height - bottom + 16,
          "text-anchor": "middle", "font-size": 11
        }, String(year)));
      }
      return chart;
    }

    return Chart;
  };
})();
