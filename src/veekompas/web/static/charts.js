// Renders every Vega-Lite spec in <script type="application/json" data-chart="ID"> into the
// element with that id, with the vendored vega-embed (no network). `ast: true` makes Vega
// interpret its expressions (with the interpreter vega-embed bundles) instead of compiling them
// with `new Function`, which the Content-Security-Policy (no 'unsafe-eval') forbids.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (block) {
    var target = document.getElementById(block.dataset.chart);
    if (!target || typeof vegaEmbed !== "function") { return; }
    var spec = JSON.parse(block.textContent);
    vegaEmbed(target, spec, { actions: false, renderer: "svg", ast: true }).then(function () {
      target.dataset.rendered = "ja";
    }).catch(function (error) {
      target.textContent = "De grafiek kon niet worden getekend; de tabel toont dezelfde cijfers.";
      console.error(error);
    });
  });
});
