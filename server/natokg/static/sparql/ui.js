// The query UI at /sparql: YASGUI (served from node_modules), set up for this endpoint.
// No inline script: the page hands its settings over as JSON in #natokg-config.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("natokg-config").textContent);
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") {
    return;
  }
  // Only http(s) IRIs become links (as on every page of the site, see natokg.links): an IRI
  // such as <javascript:…> or <data:…> in a result is shown as text.
  var table = Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (table && table.prototype.getUriLinkFromBinding) {
    var link = table.prototype.getUriLinkFromBinding;
    table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
      if (/^https?:/i.test(binding.value)) {
        return link.call(this, binding, prefixes);
      }
      var text = document.createElement("span");
      text.className = "iri";
      text.textContent = "<" + binding.value + ">";
      return text.outerHTML;
    };
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
    persistenceId: "natokg",
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: config.endpoint }]; },
      keys: []
    },
    yasqe: { value: config.query, prefixCcApi: null },
    yasr: { prefixes: config.prefixes }
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
  watch(yasgui.getTab());

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
