// Progressive enhancement only: every page works without this file.
// Loaded as a module, so no inline script is needed (the Content Security Policy forbids them).
import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
