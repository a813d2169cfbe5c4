#!/usr/bin/env bash
# Copy the pinned browser libraries (web-vendor/package.json + package-lock.json) into the
# package's static folder, so the web app serves them itself (no CDN at run time).
# Run after changing a version: scripts/vendor_js.sh ; then commit static/vendor.
set -euo pipefail
cd "$(dirname "$0")/../web-vendor"
npm ci --no-audit --no-fund --silent
out=../src/veekompas/web/static/vendor
rm -rf "$out" && mkdir -p "$out/leaflet/images"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$out/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$out/leaflet/images/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css "$out/leaflet/"
mkdir -p "$out/vega"
cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js \
   node_modules/vega-embed/build/vega-embed.min.js "$out/vega/"
mkdir -p "$out/axe"
cp node_modules/axe-core/axe.min.js "$out/axe/"
mkdir -p "$out/swagger-ui" "$out/redoc"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
   node_modules/swagger-ui-dist/favicon-32x32.png node_modules/swagger-ui-dist/LICENSE \
   "$out/swagger-ui/"
cp node_modules/redoc/bundles/redoc.standalone.js \
   node_modules/redoc/bundles/redoc.standalone.js.LICENSE.txt "$out/redoc/"
node -e '
const lock = require("./package-lock.json").packages;
const names = ["leaflet", "leaflet.markercluster", "vega", "vega-lite", "vega-embed", "axe-core",
               "swagger-ui-dist", "redoc"];
const lines = names.map(n => `${n} ${lock["node_modules/" + n].version} ${lock["node_modules/" + n].license || ""}`);
require("fs").writeFileSync(process.argv[1], lines.join("\n") + "\n");
' "$out/VERSIONS.txt"
cat "$out/VERSIONS.txt"
