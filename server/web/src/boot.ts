// boot.js is a few hundred bytes that the page loads before the main
// bundle: it starts fetching the notebook (or the home page's list) at once,
// so that the request overlaps with loading and starting the bundle.
// main.ts picks the answer up from window.gonoteBoot.

const p = location.pathname;
const url = p.startsWith("/nb/") ? "/api/notebooks/" + p.slice(4) : p === "/" ? "/api/notebooks" : "";
if (url) {
  window.gonoteBoot = {
    url,
    res: fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }),
  };
}
