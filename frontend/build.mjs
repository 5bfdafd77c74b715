// Builds OpenAEF's front-end assets into src/openaef/static/dist/.
// GOV.UK Frontend and MOJ Frontend are compiled from their Sass sources with the OpenAEF
// brand: system fonts instead of GDS Transport (restricted to GOV.UK), our own colours, and
// no crown or GOV.UK logotype (the header markup lives in our Django templates).
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "openaef", "static", "dist");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "frontend", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules"), root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "main.css"), result.css);

const copies = [
  ["node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["frontend/js/app.mjs", "app.mjs"],
  ["frontend/js/signature.mjs", "signature.mjs"],
  ["frontend/images/favicon.svg", "favicon.svg"],
];
for (const [from, to] of copies) copyFileSync(join(root, from), join(out, to));
console.log(`front-end assets built in ${out}`);
