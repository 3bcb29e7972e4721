// A chart view of a SELECT result in the query editor: a YASR plugin of our own (no chart
// plugin for YASR is published on npm), drawn as SVG without any library.
//  - "Bars": one bar per row (or per distinct value, counting rows) — the first column of
//    names or IRIs against the first numeric column.
//  - "Timeline": one horizontal bar per row from its start date to its end date (columns named
//    like start/from/begin and end/until/to, else the first two date columns); a row with one
//    date is an instant, a dot. Dates are drawn at their precision: a gYear covers its year, a
//    gYearMonth its month (the uncertain part lighter), a row without an end is dashed.
//  - "Per year": rows counted per year of the first column of dates or years.
// Downloads under the chart: the result as CSV (as the table's download gives it) and the chart
// as SVG or PNG; YASR's own download button gives the CSV too in this view.
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
  // A dated term as [start, end) in fractional years at its precision, and its precision.
  function period(term) {
    if (!term || term.type === "uri" || !DATED.test(term.datatype || "")) { return null; }
    var m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(term.value);
    if (!m) { return null; }
    var year = +m[1];
    if (/#gYear$/.test(term.datatype) || !m[2]) {
      return { lo: year, hi: year + 1, precision: "year" };
    }
    var month = +m[2];
    if (/#gYearMonth$/.test(term.datatype) || !m[3]) {
      return { lo: year + (month - 1) / 12, hi: year + month / 12, precision: "month" };
    }
    var day = year + (month - 1) / 12 + (+m[3] - 1) / 372;
    return { lo: day, hi: day + 1 / 365, precision: "day" };
  }
  function pick(names, pattern, fallback) {
    var found = names.filter(function (v) { return pattern.test(v); });
    return found.length ? found[0] : fallback;
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

  function save(blob, filename) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function svgText(chart) {
    var copy = chart.cloneNode(true);
    copy.setAttribute("xmlns", SVG);
    copy.setAttribute("font-family", "sans-serif");
    copy.insertBefore(svg("rect", { x: 0, y: 0, width: "100%", height: "100%", fill: "#fff" }), copy.firstChild);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }
  // The chart drawn on a canvas (a data: image, which the page's policy allows), as a PNG.
  function toPng(chart, done) {
    var image = new Image();
    var width = +chart.getAttribute("width"), height = +chart.getAttribute("height");
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width * 2;
      canvas.height = height * 2;
      var context = canvas.getContext("2d");
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob(done, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText(chart));
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
      if (found.dates.length) {
        kinds.unshift(["timeline", "Timeline"]);  // the default view of dated rows
        kinds.push(["years", "Per year"]);
      }
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
        var draw = { years: years, timeline: timeline, bars: bars }[picker.value] || bars;
        area.appendChild(draw(found));
      }
      picker.addEventListener("change", redraw);
      var tools = document.createElement("div");
      tools.className = "natokg-chart-tools";
      if (kinds.length > 1) { tools.appendChild(picker); }
      var yasr = this.yasr;
      function button(cls, text, action) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = cls;
        b.textContent = text;
        b.addEventListener("click", action);
        tools.appendChild(b);
      }
      function chartSvg() { return area.querySelector("svg"); }
      button("natokg-download-csv", "Download CSV", function () {
        save(new Blob([yasr.results.asCsv()], { type: "text/csv" }), "queryResults.csv");
      });
      if (kinds.length) {
        button("natokg-download-svg", "Download SVG", function () {
          save(new Blob([svgText(chartSvg())], { type: "image/svg+xml" }), "chart.svg");
        });
        button("natokg-download-png", "Download PNG", function () {
          toPng(chartSvg(), function (blob) { save(blob, "chart.png"); });
        });
      }
      box.appendChild(tools);
      box.appendChild(area);
      root.appendChild(box);
      if (kinds.length) { redraw(); } else { area.textContent = "Nothing to chart: no names, numbers or dates."; }
      return self;
    };

    // The result as CSV, in YASR's download button too (this view's download).
    Chart.prototype.download = function (filename) {
      var yasr = this.yasr;
      return {
        getData: function () { return yasr.results ? yasr.results.asCsv() : ""; },
        contentType: "text/csv",
        title: "Download result (CSV)",
        filename: (filename || "queryResults") + ".csv"
      };
    };

    function timeline(found) {
      var dates = found.dates;
      var start = pick(dates, /start|begin|from|since/i, dates[0]);
      var rest = dates.filter(function (v) { return v !== start; });
      var end = pick(rest, /end|until|to$|till/i, rest.length ? rest[0] : null);
      var labelled = found.names.filter(function (v) { return /Label$/.test(v); });
      var label = labelled.length ? labelled[0] : found.names[0];
      var items = [];
      found.rows.forEach(function (r) {
        var from = period(r[start]), until = end ? period(r[end]) : null;
        if (!from && !until) { return; }
        items.push({
          name: label ? name(r[label]) : "",
          from: from || until, until: until, open: !!end && !until && !!from,
          raw: (r[start] ? r[start].value : "?") + (end ? " \u2013 " + (r[end] ? r[end].value : "") : "")
        });
      });
      items = items.slice(0, 200);
      var first = Infinity, last = -Infinity;
      items.forEach(function (it) {
        first = Math.min(first, it.from.lo);
        last = Math.max(last, (it.until || it.from).hi);
      });
      first = Math.floor(first);
      last = Math.ceil(last);
      if (last <= first) { last = first + 1; }
      var rowH = 20, left = 260, width = 920, right = 30, plot = width - left - right, top = 28;
      var height = top + items.length * rowH + 30;
      function x(year) { return left + plot * (year - first) / (last - first); }
      var chart = svg("svg", {
        width: width, height: height, role: "img", "class": "natokg-timeline",
        "aria-label": "timeline of ?" + start + (end ? " to ?" + end : "")
      });
      chart.appendChild(svg("text", { x: left, y: 14, "font-size": 12, fill: "#5a6776" },
        "?" + start + (end ? " \u2192 ?" + end : "") + " (" + first + "\u2013" + last +
        "; lighter: the part a partial date leaves open)"));
      var axis = top + items.length * rowH + 4;
      var span = last - first, step = Math.max(1, Math.ceil(span / 12));
      for (var year = first; year <= last; year += step) {
        chart.appendChild(svg("line", { x1: x(year), y1: top - 4, x2: x(year), y2: axis, stroke: "#e3e7ec" }));
        chart.appendChild(svg("text", { x: x(year), y: axis + 16, "text-anchor": "middle", "font-size": 11 },
          String(year)));
      }
      items.forEach(function (it, i) {
        var y = top + i * rowH;
        var g = svg("g", { "class": it.until ? "span" : (it.open ? "open" : "instant") });
        g.appendChild(svg("title", {}, it.name + ": " + it.raw + (it.open ? " (no end given)" : "")));
        g.appendChild(svg("text", { x: left - 6, y: y + 14, "text-anchor": "end", "font-size": 12 },
          it.name.length > 36 ? it.name.slice(0, 35) + "\u2026" : it.name));
        var mid = y + rowH / 2;
        if (it.until) {
          // the bar: solid where both dates are sure, lighter over the partial dates' extent
          var sureFrom = it.from.hi, sureTo = Math.max(it.from.hi, it.until.lo);
          g.appendChild(svg("rect", { x: x(it.from.lo), y: y + 4, width: Math.max(2, x(it.until.hi) - x(it.from.lo)),
            height: rowH - 8, fill: "#00478f", "fill-opacity": 0.35 }));
          g.appendChild(svg("rect", { x: x(sureFrom), y: y + 4, width: Math.max(0, x(sureTo) - x(sureFrom)),
            height: rowH - 8, fill: "#00478f" }));
        } else if (it.open) {
          g.appendChild(svg("rect", { x: x(it.from.lo), y: y + 4, width: Math.max(2, x(it.from.hi) - x(it.from.lo)),
            height: rowH - 8, fill: "#00478f", "fill-opacity": 0.35 }));
          g.appendChild(svg("line", { x1: x(it.from.hi), y1: mid, x2: x(last), y2: mid, stroke: "#00478f",
            "stroke-width": 2, "stroke-dasharray": "4 3" }));
        } else if (it.from.precision === "day") {
          g.appendChild(svg("circle", { cx: x(it.from.lo), cy: mid, r: 5, fill: "#00478f" }));
        } else {
          // an instant known to the month or the year: its whole month or year, lighter
          g.appendChild(svg("rect", { x: x(it.from.lo), y: y + 4, width: Math.max(4, x(it.from.hi) - x(it.from.lo)),
            height: rowH - 8, rx: 3, fill: "#00478f", "fill-opacity": 0.45 }));
        }
        chart.appendChild(g);
      });
      return chart;
    }

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
