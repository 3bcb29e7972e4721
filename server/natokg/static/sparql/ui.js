// The query UI at /sparql: YASGUI (served from node_modules), set up for this endpoint.
// No inline script: the page hands its settings over as JSON in #natokg-config.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("natokg-config").textContent);
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") {
    return;
  }
  // Links stay on this site: an IRI of the dataset opens its page here (its published IRI
  // stays in the text and the tooltip, to copy); the label service's name is shown beside
  // it. Only http(s) IRIs become links (as on every page of the site, see natokg.links): an
  // IRI such as <javascript:…> or <data:…> in a result is shown as text.
  var labels = {};
  function pagePath(iri) {
    var base = config.base, ontology = config.ontology;
    if (iri === ontology || iri.indexOf(ontology + "#") === 0) {
      return "/ontology" + iri.slice(ontology.length);
    }
    if (iri.indexOf(base) !== 0) {
      return null;
    }
    var rest = iri.slice(base.length);
    if (/^id\/./.test(rest)) { return "/page/" + rest.slice(3); }
    if (/^\.well-known\/genid\/./.test(rest)) { return "/page/genid/" + rest.slice(19); }
    if (/^graph\/./.test(rest)) { return "/" + rest; }
    return null;
  }
  // The table is YASR's own, extended as YASR's plugin API allows (a subclass registered
  // under its name), not patched:
  //  - literals read as values: 2005-03, 12, a name with its language tag as a small grey
  //    "en"; the literal as written (with ^^xsd:gYearMonth) is the cell's tooltip, and the
  //    "Simple view" switch still shows bare values;
  //  - an IRI links to its page here with its label beside it — except in a ?x column whose
  //    ?xLabel is projected too: there the name is in the next column, and ?x shows only the
  //    link (its short form), so no name is shown twice.
  var Table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  function written(binding) {
    var text = JSON.stringify(binding.value);
    if (binding["xml:lang"]) { return text + "@" + binding["xml:lang"]; }
    if (binding.datatype) {
      var type = binding.datatype;
      return text + "^^" + (type.indexOf(XSD) === 0 ? "xsd:" + type.slice(XSD.length) : "<" + type + ">");
    }
    return text;
  }
  if (Table && Yasgui.Yasr.registerPlugin) {
    var NatokgTable = class extends Table {
      getColumns() {
        var columns = super.getColumns();
        var names = columns.map(function (c) { return c.name; });
        var self = this;
        columns.forEach(function (column) {
          if (!column.name || names.indexOf(column.name + "Label") < 0) {
            return;
          }
          var render = column.render;
          column.render = function () {
            self.labelShown = true;  // its ?xLabel column names it
            try {
              return render.apply(this, arguments);
            } finally {
              self.labelShown = false;
            }
          };
        });
        return columns;
      }
      formatLiteral(binding, prefixes) {
        if (this.persistentConfig.compact) {
          return super.formatLiteral(binding, prefixes);
        }
        var value = document.createElement("span");
        value.className = "literal";
        value.title = written(binding);
        value.textContent = binding.value;
        if (binding["xml:lang"]) {
          var lang = document.createElement("span");
          lang.className = "lang";
          lang.textContent = binding["xml:lang"];
          value.appendChild(lang);
        }
        return value.outerHTML;
      }
      getUriLinkFromBinding(binding, prefixes) {
        if (!/^https?:/i.test(binding.value)) {
          var text = document.createElement("span");
          text.className = "iri";
          text.textContent = "<" + binding.value + ">";
          return text.outerHTML;
        }
        var box = document.createElement("span");
        box.innerHTML = super.getUriLinkFromBinding(binding, prefixes);
        var anchor = box.querySelector("a");
        var local = pagePath(binding.value);
        if (anchor && local) {
          anchor.href = config.root + local;
          anchor.removeAttribute("target");
          anchor.title = binding.value;
          anchor.classList.add("local");
        }
        if (labels[binding.value] && !this.labelShown) {
          var name = document.createElement("span");
          name.className = "label";
          name.textContent = " " + labels[binding.value];
          box.appendChild(name);
        }
        return box.innerHTML;
      }
    };
    Yasgui.Yasr.registerPlugin("table", NatokgTable);
  }

  // The chart view (chart.js): bars and a per-year timeline, labels from the label service.
  if (window.NatokgChart && Yasgui.Yasr && Yasgui.Yasr.registerPlugin) {
    Yasgui.Yasr.registerPlugin("chart", window.NatokgChart(function (iri) { return labels[iri]; }));
  }

  // Ask the endpoint's label service for the IRIs of a drawn result, then draw it again.
  var asked = {};
  function fetchLabels(yasr) {
    var bindings = yasr && yasr.results && yasr.results.getBindings && yasr.results.getBindings();
    if (!bindings) {
      return;
    }
    var wanted = [];
    bindings.forEach(function (row) {
      Object.keys(row).forEach(function (name) {
        var term = row[name];
        if (term && term.type === "uri" && !asked[term.value] && pagePath(term.value) &&
            wanted.length < 500) {
          asked[term.value] = true;
          wanted.push(term.value);
        }
      });
    });
    if (!wanted.length) {
      return;
    }
    var query = "SELECT ?x ?xLabel { VALUES ?x { " +
      wanted.map(function (iri) { return "<" + iri + ">"; }).join(" ") + " } }";
    fetch(config.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"
      },
      body: "query=" + encodeURIComponent(query)
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (!body) {
        return;
      }
      var found = false;
      body.results.bindings.forEach(function (row) {
        if (row.xLabel) {
          labels[row.x.value] = row.xLabel.value;
          found = true;
        }
      });
      if (found) {
        yasr.refresh();
      }
    }).catch(function () { /* labels are a convenience: the table stands without them */ });
  }

  // The endpoint knows its prefixes (nkg:, kg:, org:…) without PREFIX lines: seed the
  // editor's parser with them too, so that it does not flag `kg:pakistan` as undefined.
  var Yasqe = window.Yasqe;
  var sparqlMode = Yasqe && Yasqe.modes && Yasqe.modes.sparql11;
  if (sparqlMode && !sparqlMode.natokgPrefixes) {
    var seeded = function (cmConfig, modeConfig) {
      var mode = sparqlMode(cmConfig, modeConfig);
      var start = mode.startState;
      mode.startState = function () {
        var state = start.apply(this, arguments);
        state.prefixes = Object.assign({}, config.prefixes, state.prefixes);
        return state;
      };
      return mode;
    };
    seeded.natokgPrefixes = true;
    Yasqe.defineMode("sparql11", seeded);
  }

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    // a query's permalink (/sparql?query=…) is opened below, in a tab of its own
    populateFromUrl: false,
    persistenceId: "natokg",
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: config.endpoint }]; },
      keys: []
    },
    yasqe: { value: config.query, prefixCcApi: null },
    yasr: { prefixes: config.prefixes, pluginOrder: ["table", "chart", "response"] }
  });

  // Truncated results are signalled by a header; show it above the results.
  var banner = document.getElementById("truncation");
  var watched = new WeakSet();
  function watch(tab) {
    var yasqe = tab && tab.getYasqe && tab.getYasqe();
    if (!yasqe || watched.has(yasqe)) {
      return;
    }
    watched.add(yasqe);
    var yasr = tab.getYasr && tab.getYasr();
    if (yasr) {
      yasr.on("drawn", function () { fetchLabels(yasr); });
      fetchLabels(yasr);
    }
    yasqe.on("queryResponse", function (_yasqe, response) {
      var headers = response && response.headers;
      var cut = headers && typeof headers.get === "function" &&
        headers.get("X-Natokg-Truncated") === "true";
      banner.hidden = !cut;
      banner.textContent = cut
        ? "Only the first " + config.limit + " results are shown: the result was cut at the endpoint's limit."
        : "";
    });
  }
  yasgui.on("queryBefore", function (_yasgui, tab) { watch(tab); });

  // The permalink of a query: open it in a new tab and run it (the tabs kept from earlier
  // visits stay as they were).
  var shared = new URLSearchParams(window.location.search).get("query");
  if (shared) {
    var sharedTab = yasgui.addTab(true, { name: "Shared query", yasqe: { value: shared } });
    watch(sharedTab);
    setTimeout(function () {
      var run = sharedTab.query && sharedTab.query();
      if (run && run.catch) { run.catch(function () { /* the error shows in the results */ }); }
    }, 0);
  }

  watch(yasgui.getTab());

  // The gallery's filter: every word must occur in the card (accents and case ignored).
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var filter = document.getElementById("example-filter");
  if (filter) {
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      document.querySelectorAll(".example-group").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("li[data-example]").forEach(function (card) {
          var text = fold(card.textContent);
          var match = words.every(function (w) { return text.indexOf(w) >= 0; });
          card.hidden = !match;
          shown += match ? 1 : 0;
        });
        group.hidden = shown === 0;
      });
    });
  }

  // The catalogue: each example opens in a new editor tab.
  var examples = {};
  config.examples.forEach(function (example) { examples[example.name] = example; });
  document.querySelectorAll("button.load-example").forEach(function (button) {
    var example = examples[button.dataset.example];
    if (!example) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var tab = yasgui.addTab(true, { name: example.title, yasqe: { value: example.query } });
      root.scrollIntoView();
      watch(tab);
    });
  });
})();
