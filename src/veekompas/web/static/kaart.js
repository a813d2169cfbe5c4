/* The region map /kaart: Leaflet with clustered farms, Natura 2000, and one farm's deposition
   hexagons and odour contours. Configuration comes from data-config on #kaart (map_page.py);
   the data from /api/v1/map/... (map_api.py). State for tests: window.veekompasKaart.
   Data (farm names, places, area names) reaches the page only as text: DOM nodes built with
   h() or text nodes for popups and tooltips, and escape() for the one place Leaflet takes HTML
   (the layer control's labels). Never pass data to innerHTML or as an HTML string. */
(function () {
  "use strict";
  const el = document.getElementById("kaart");
  const cfg = JSON.parse(el.dataset.config);
  const nl = (v, d) => new Intl.NumberFormat("nl-NL", { maximumFractionDigits: d || 0 }).format(v);
  const status = document.getElementById("kaart-status");
  const state = (window.veekompasKaart = { farms: 0, markers: [], deposition: 0, odour: 0 });
  const say = (text) => { status.textContent = text; };

  const map = L.map(el, { preferCanvas: true, minZoom: 6, maxZoom: 19 }).setView([52.1, 5.75], 9);
  if (cfg.basemap.tiles) {
    L.tileLayer(cfg.basemap.tiles, {
      attribution: cfg.basemap.attribution, maxZoom: 19, minZoom: 6,
    }).addTo(map);
  }
  const overlays = {};
  const control = L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  // JSON of a data route; an error answer ({"detail": one line}) becomes an Error with that line
  async function getJSON(url) {
    const r = await fetch(url);
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.detail || `HTTP ${r.status}`);
    return body;
  }

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => node.append(c));
    return node;
  }
  // Text as HTML source, for Leaflet's layer control, which sets its labels with innerHTML
  const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
  // A tooltip's content as a text node (Leaflet puts a string content in with innerHTML)
  const tip = (text) => () => document.createTextNode(text);

  // -- Gemeentegrenzen ---------------------------------------------------------------------
  // Municipal borders (CBS 2024) of the region and its outline, one layer under the markers
  function drawBorders(doc) {
    const layer = L.geoJSON(doc, {
      interactive: false,
      style: (f) => (f.properties.kind === "regio"
        ? { color: "#1d1d1b", weight: 3, fill: false }
        : { color: "#5a5a57", weight: 1, dashArray: "4 3", fill: false }),
    }).addTo(map);
    control.addOverlay(layer, escape(`Gemeentegrenzen ${doc.name}`));
    el.dataset.borders = String(doc.features.length);
  }
  if (cfg.data.borders) {
    getJSON(cfg.data.borders).then(drawBorders).catch((e) => {
      say(`De gemeentegrenzen konden niet worden geladen: ${e.message}`);
    });
  }

  // -- Natura 2000 --------------------------------------------------------------------------
  getJSON(cfg.data.natura2000).then((doc) => {
    const layer = L.geoJSON(doc, {
      style: { color: "#4d9221", weight: 1, fillColor: "#4d9221", fillOpacity: 0.25 },
      onEachFeature: (f, l) => l.bindTooltip(tip(f.properties.name), { sticky: true }),
    }).addTo(map);
    layer.bringToBack();
    control.addOverlay(layer, "Natura 2000");
    state.natura2000 = doc.features.length;
    el.dataset.natura2000 = String(doc.features.length);
    if (!cfg.data.farms) el.dataset.state = "klaar";
  }).catch((e) => { say(`De Natura 2000-gebieden konden niet worden geladen: ${e.message}`); });

  if (!cfg.data.farms) return;

  // -- farms --------------------------------------------------------------------------------
  let colourBy = "sector";
  const colour = (p) => (cfg.colours[colourBy][p[colourBy]] || { colour: "#555" }).colour;
  // One icon per colour, shared by its markers (recolouring 5.000 markers allocates nothing);
  // each marker still gets its own dot element, built as a node.
  const DotIcon = L.DivIcon.extend({
    createIcon(old) {
      const div = L.DivIcon.prototype.createIcon.call(this, old);
      const dot = document.createElement("span");
      dot.style.background = this.options.colour;
      div.replaceChildren(dot);
      return div;
    },
  });
  const icons = new Map();
  const icon = (p) => {
    const c = colour(p);
    if (!icons.has(c)) {
      icons.set(c, new DotIcon({ className: "bedrijf-icoon", html: false, colour: c,
        iconSize: [18, 18], iconAnchor: [9, 9] }));
    }
    return icons.get(c);
  };
  // Markers are clustered in chunks of 40 ms so the page keeps answering while 5.000 load;
  // chunkProgress says when the last chunk is in.
  let whenClustered = () => {};
  const clusters = L.markerClusterGroup({
    chunkedLoading: true, chunkInterval: 40, chunkDelay: 10, maxClusterRadius: 50,
    chunkProgress: (done, total) => { if (done === total) whenClustered(); },
    iconCreateFunction: (cluster) => clusterIcon(cluster),
  });
  const classLabel = (key) => (cfg.colours[colourBy][key] || { label: key }).label;
  const countText = (n, one, more) => `${nl(n)} ${n === 1 ? one : more}`;
  const legend = document.getElementById("legenda-bedrijven");

  function drawLegend() {
    const entries = cfg.colours[colourBy];
    const counts = classCounts(state.markers);
    legend.replaceChildren(h("h2", {}, colourBy === "sector" ? "Sector" : "Voornemen"));
    Object.entries(entries).forEach(([key, e]) => {
      const dot = h("span", { class: "punt", style: `background:${e.colour}` });
      legend.append(h("div", { class: "rij", "data-klasse": key }, dot,
        `${e.label} (${nl(counts[key] || 0)})`));
    });
    const sample = h("span", { class: "ring-voorbeeld" }, ring(counts, state.markers.length, 28));
    legend.append(h("p", { class: "noot rij" }, sample, "Een groep bedrijven: de ring toont het "
      + `aandeel per ${colourBy === "sector" ? "sector" : "voornemen"}, het getal hoeveel `
      + "bedrijven de groep telt."));
  }

  // -- cluster icons: a ring with each class's share of the cluster's farms -------------------
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }
  function classCounts(markers) {
    const counts = {};
    markers.forEach((m) => {
      const key = m.feature.properties[colourBy];
      counts[key] = (counts[key] || 0) + 1;
    });
    return counts;
  }
  // The classes present, in the legend's order (unknown ones last)
  function presentClasses(counts) {
    const known = Object.keys(cfg.colours[colourBy]);
    return known.filter((k) => counts[k]).concat(Object.keys(counts).filter((k) => !known.includes(k)));
  }
  // A ring of arcs (circumference 100, so a share in % is its dash length), from 12 o'clock
  function ring(counts, total, size) {
    const node = svg("svg", { viewBox: "0 0 36 36", width: size, height: size,
      "aria-hidden": "true", focusable: "false" });
    node.append(svg("circle", { cx: 18, cy: 18, r: 13, fill: "#fff", "fill-opacity": 0.9 }));
    let done = 0;
    presentClasses(counts).forEach((key) => {
      const share = (100 * counts[key]) / Math.max(total, 1);
      node.append(svg("circle", { cx: 18, cy: 18, r: 15.9155, fill: "none",
        stroke: (cfg.colours[colourBy][key] || { colour: "#555" }).colour, "stroke-width": 5,
        "stroke-dasharray": `${share} ${100 - share}`, "stroke-dashoffset": 25 - done }));
      done += share;
    });
    return node;
  }
  // Every cluster's icon is redrawn when next shown; those on the map now. (A walk of the
  // cluster tree: markercluster's refreshClusters() walks every marker's parents instead.)
  function refreshClusterIcons() {
    const flag = (c) => { c._iconNeedsUpdate = true; c._childClusters.forEach(flag); };
    if (clusters._topClusterLevel) flag(clusters._topClusterLevel);
    clusters._refreshClustersIcons();
  }
  // A cluster's farms per class of every colouring, from its markers and child clusters, kept
  // on the cluster while its farm count stays (markers are only added, never moved): recolouring
  // and zooming reuse it. Uses markercluster 1.5.3's _markers, _childClusters and _childCount.
  const COLOURINGS = Object.keys(cfg.colours);
  function clusterClasses(cluster) {
    const kept = cluster.veekompasClasses;
    if (kept && kept.n === cluster._childCount) return kept;
    const out = { n: cluster._childCount };
    COLOURINGS.forEach((by) => { out[by] = {}; });
    cluster._markers.forEach((m) => COLOURINGS.forEach((by) => {
      const key = m.feature.properties[by];
      out[by][key] = (out[by][key] || 0) + 1;
    }));
    cluster._childClusters.forEach((child) => {
      const sub = clusterClasses(child);
      COLOURINGS.forEach((by) => Object.entries(sub[by]).forEach(([key, m]) => {
        out[by][key] = (out[by][key] || 0) + m;
      }));
    });
    cluster.veekompasClasses = out;
    return out;
  }
  function clusterIcon(cluster) {
    const n = cluster.getChildCount();
    const counts = clusterClasses(cluster)[colourBy];
    const classes = presentClasses(counts);
    const size = n < 10 ? 34 : n < 100 ? 40 : 46;
    const text = `${countText(n, "bedrijf", "bedrijven")}: `
      + classes.map((k) => `${nl(counts[k])} ${classLabel(k).toLowerCase()}`).join(", ");
    const box = h("div", { role: "img", "aria-label": text, title: text,
      "data-aandelen": classes.map((k) => `${k}:${counts[k]}`).join(",") },
    ring(counts, n, size), h("span", {}, nl(n)));
    return L.divIcon({ html: box, className: "marker-cluster klassenring",
      iconSize: L.point(size, size) });
  }

  function popup(feature) {
    const p = feature.properties;
    const ubn = feature.id;
    const label = (kind, key) => (cfg.colours[kind][key] || { label: key }).label;
    const dl = h("dl", {},
      h("dt", {}, "UBN"), h("dd", {}, ubn),
      h("dt", {}, "Gemeente"), h("dd", {}, p.municipality),
      h("dt", {}, "Sector"), h("dd", {}, label("sector", p.sector)),
      h("dt", {}, "Voornemen"), h("dd", {}, label("intent", p.intent)),
      h("dt", {}, "NH3 vergund"),
      h("dd", {}, p.nh3 === null ? "onbekend" : `${nl(p.nh3)} kg/jaar`));
    const link = h("a", { href: cfg.data.farm_page.replace("{ubn}", ubn) }, "Naar het bedrijf");
    const button = h("button", { type: "button", class: "toon-depositie" },
      "Depositie en geur tonen");
    button.addEventListener("click", () => showFarmLayers(ubn, p.name));
    return h("div", { class: "kaart-popup" }, h("h2", {}, p.name), dl, link, h("br"), button);
  }

  getJSON(cfg.data.farms).then((doc) => {
    const markers = doc.features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const m = L.marker([lat, lon], { icon: icon(f.properties), title: f.properties.name,
        alt: f.properties.name, keyboard: true });
      m.feature = f;
      m.bindPopup(() => popup(f));
      return m;
    });
    state.markers = markers;
    map.addLayer(clusters);
    const clustered = new Promise((resolve) => { whenClustered = resolve; });
    if (markers.length) clusters.addLayers(markers); else whenClustered();
    control.addOverlay(clusters, "Bedrijven");
    state.farms = markers.length;
    state.clusters = clusters;
    state.map = map;
    state.ubns = doc.features.map((f) => f.id);
    state.municipalities = [...new Set(doc.features.map((f) => f.properties.municipality))];
    el.dataset.farms = String(markers.length);
    if (markers.length) {
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      map.fitBounds(bounds, { padding: [20, 20], animate: false });
    }
    drawLegend();
    state.byUbn = new Map(markers.map((m) => [m.feature.id, m]));
    say(`${nl(markers.length)} bedrijven worden op de kaart gezet…`);
    return clustered.then(() => {
      say(`${nl(markers.length)} bedrijven op de kaart.`);
      el.dataset.state = "klaar";
      if (cfg.open_ubn) openFarm(cfg.open_ubn);
    });
  }).catch((e) => {
    say(`De bedrijven konden niet worden geladen: ${e.message}`);
    el.dataset.state = "fout";
  });

  document.querySelectorAll("input[name=kleur]").forEach((input) =>
    input.addEventListener("change", () => {
      colourBy = input.value;
      state.markers.forEach((m) => m.setIcon(icon(m.feature.properties)));
      refreshClusterIcons();
      el.dataset.colourBy = colourBy;
      drawLegend();
    }));

  // -- one farm: zoomed to and its popup opened (?ubn=, a farmer's own farm, a search result) --
  function openFarm(ubn) {
    const marker = state.byUbn && state.byUbn.get(ubn);
    if (!marker) {
      say(`Bedrijf met UBN ${ubn} staat niet op de kaart: het bestaat niet of valt buiten uw `
        + "bereik.");
      return;
    }
    clusters.zoomToShowLayer(marker, () => {
      marker.openPopup();
      el.dataset.geopend = ubn;
      say(`${marker.feature.properties.name} (UBN ${ubn}) geopend.`);
    });
  }

  // -- search: a farm (UBN, name) or a place (place, municipality) of the farms shown ---------
  function setUpSearch() {
    const form = document.getElementById("kaart-zoek");
    if (!form || !cfg.data.search) return;
    const input = form.querySelector("input[type=search]");
    const list = document.getElementById("zoek-resultaten");
    let timer = null;
    let asked = 0;
    function choose(r) {
      if (r.kind === "bedrijf") { openFarm(r.ubn); return; }
      map.fitBounds(r.bounds, { padding: [30, 30], maxZoom: 14, animate: false });
      el.dataset.plaats = r.label;
      say(`Ingezoomd op ${r.label} (${r.detail}).`);
    }
    function item(r) {
      const button = h("button", { type: "button", class: "zoek-resultaat" },
        h("span", { class: "naam" }, r.label), h("span", { class: "noot" }, r.detail));
      button.addEventListener("click", () => choose(r));
      return h("li", {}, button);
    }
    async function run(pickFirst) {
      const q = input.value.trim().slice(0, 60);
      const n = ++asked;
      if (!q) { list.replaceChildren(); return; }
      let doc;
      try {
        doc = await getJSON(`${cfg.data.search}?q=${encodeURIComponent(q)}&limit=10`);
      } catch (e) {
        if (n === asked) say(`Zoeken lukte niet: ${e.message}`);
        return;
      }
      if (n !== asked) return; // a newer search is under way
      list.replaceChildren(...doc.results.map(item));
      el.dataset.zoekresultaten = String(doc.count);
      say(doc.count ? `${countText(doc.count, "resultaat", "resultaten")} voor “${q}”.`
        : `Niets gevonden voor “${q}”.`);
      if (pickFirst && doc.results.length) choose(doc.results[0]);
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => run(false), 250);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run(true);
    });
  }
  setUpSearch();

  // -- one farm's deposition and odour --------------------------------------------------------
  const DEPOSITION_CLASSES = [
    [10, "#67000d"], [5, "#a50f15"], [1, "#ef3b2c"], [0.5, "#fc9272"], [0.1, "#fcbba1"],
    [0, "#fee5d9"],
  ];
  const depColour = (v) => DEPOSITION_CLASSES.find(([low]) => v >= low)[1];
  const ODOUR_COLOURS = ["#54278f", "#756bb1", "#9e9ac8", "#cbc9e2"];
  let farmLayers = [];

  // The hexagon layer as text: highest deposition and hexagons per Natura 2000 area
  function areaTable(features, names) {
    const areas = new Map();
    features.forEach((f) => {
      const p = f.properties;
      const a = areas.get(p.area) || { max: 0, n: 0 };
      areas.set(p.area, { max: Math.max(a.max, p.deposition_mol_per_ha_year), n: a.n + 1 });
    });
    const rows = [...areas].sort((x, y) => y[1].max - x[1].max);
    const table = h("table", { class: "gebieden", id: "depositie-per-gebied" },
      h("caption", {}, "Hoogste depositie per Natura 2000-gebied (getoonde hexagonen)"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Gebied"),
        h("th", { scope: "col", class: "getal" }, "Hoogste (mol N/ha/jaar)"),
        h("th", { scope: "col", class: "getal" }, "Hexagonen"))));
    const body = h("tbody");
    rows.forEach(([area, a]) => body.append(h("tr", {}, h("th", { scope: "row" }, names[area] || area),
      h("td", { class: "getal" }, nl(a.max, 2)), h("td", { class: "getal" }, nl(a.n)))));
    table.append(body);
    return table;
  }

  async function showFarmLayers(ubn, name) {
    farmLayers.forEach((l) => { map.removeLayer(l); control.removeLayer(l); });
    farmLayers = [];
    el.dataset.state = "rekenen";
    map.closePopup();
    say(`Depositie en geur van ${name} worden berekend…`);
    let dep, odour;
    try {
      [dep, odour] = await Promise.all([
        getJSON(cfg.data.deposition.replace("{ubn}", ubn)),
        getJSON(cfg.data.odour.replace("{ubn}", ubn)),
      ]);
    } catch (e) {
      say(`Depositie en geur van ${name} konden niet worden berekend: ${e.message}`);
      el.dataset.state = "fout";
      return;
    }
    const hexes = L.geoJSON(dep, {
      style: (f) => ({ color: depColour(f.properties.deposition_mol_per_ha_year), weight: 0.5,
        fillColor: depColour(f.properties.deposition_mol_per_ha_year), fillOpacity: 0.8 }),
      onEachFeature: (f, l) => l.bindTooltip(tip(
        `${nl(f.properties.deposition_mol_per_ha_year, 2)} mol/ha/jaar `
        + `(${(dep.area_names || {})[f.properties.area] || f.properties.area})`)),
    }).addTo(map);
    const levels = odour.features.map((f) => f.properties.level_oue_per_m3);
    const contours = L.geoJSON(odour, {
      style: (f) => {
        const c = ODOUR_COLOURS[levels.indexOf(f.properties.level_oue_per_m3) % 4];
        return { color: c, weight: 2, fillColor: c, fillOpacity: 0.08 };
      },
      onEachFeature: (f, l) => l.bindTooltip(
        tip(`geur P98 ≥ ${nl(f.properties.level_oue_per_m3, 1)} ouE/m³`)),
    }).addTo(map);
    control.addOverlay(hexes, escape(`Depositie ${name}`));
    control.addOverlay(contours, escape(`Geurcontouren ${name}`));
    farmLayers = [hexes, contours];
    state.deposition = dep.features.length;
    state.odour = odour.features.length;
    el.dataset.deposition = String(dep.features.length);
    el.dataset.odour = String(odour.features.length);

    const depLegend = document.getElementById("legenda-depositie");
    depLegend.replaceChildren(h("h2", {}, `Depositie ${name} (mol N/ha/jaar)`));
    DEPOSITION_CLASSES.forEach(([low, c], i) => {
      const high = i === 0 ? null : DEPOSITION_CLASSES[i - 1][0];
      const from = Math.max(low, dep.threshold_mol_per_ha_year);
      const text = high === null ? `≥ ${nl(low, 2)}` : `${nl(from, 2)} – ${nl(high, 2)}`;
      depLegend.append(h("div", { class: "rij" },
        h("span", { class: "vlak", style: `background:${c}` }), text));
    });
    const shown = dep.features.length;
    depLegend.append(h("p", { class: "noot" },
      `${nl(shown)} hexagonen boven ${nl(dep.threshold_mol_per_ha_year, 2)} mol/ha/jaar` +
      (dep.hexagons_above_threshold > shown ? ` (de hoogste ${nl(dep.cap)} getoond)` : "") +
      `; NH3 ${nl(dep.nh3_kg_per_year)} kg/jaar. ${dep.label}.`));
    depLegend.append(areaTable(dep.features, dep.area_names || {}));
    depLegend.hidden = false;

    const odourLegend = document.getElementById("legenda-geur");
    odourLegend.replaceChildren(h("h2", {}, "Geur P98 (wettelijke normen)"));
    odour.features.forEach((f, i) => odourLegend.append(h("div", { class: "rij" },
      h("span", { class: "lijn", style: `border-color:${ODOUR_COLOURS[i % 4]}` }),
      `≥ ${nl(f.properties.level_oue_per_m3, 1)} ouE/m³`
      + (f.properties.clipped ? ` (afgekapt op ${nl(odour.half_width_m / 1000, 1)} km)` : ""))));
    if (!odour.features.length) odourLegend.append(h("p", { class: "noot" }, "Geen geurcontour: "
      + "geen geuremissie met een geurfactor of onder de laagste norm."));
    odourLegend.hidden = false;

    const bounds = L.featureGroup(farmLayers).getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20] });
    say(`Depositie op ${nl(shown)} hexagonen en ${nl(odour.features.length)} geurcontouren van `
      + `${name} getoond.`);
    el.dataset.state = "klaar";
  }
})();
