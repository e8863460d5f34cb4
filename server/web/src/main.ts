// Entry point: picks the page from the address and marks when it is ready,
// so that tests and the load benchmark can wait for it.

import { openHome } from "./home";
import { openNotebook } from "./notebook";
import { h } from "./dom";

declare global {
  interface Window {
    gonoteStartMs?: number;
    gonoteReadyMs?: number;
    gonoteRenderedMs?: number;
  }
}

async function start(): Promise<void> {
  window.gonoteStartMs = performance.now();
  const root = document.getElementById("app")!;
  const p = location.pathname;
  try {
    if (p.startsWith("/nb/")) {
      const path = p.slice(4).split("/").map(decodeURIComponent).join("/");
      await openNotebook(root, path);
    } else {
      await openHome(root);
    }
  } catch (err) {
    root.replaceChildren(
      h("main", { class: "fatal", testid: "fatal" }, h("h1", null, "Cannot open this page"), h("p", null, (err as Error).message), h("p", null, h("a", { href: "/" }, "Home"))),
    );
  }
  window.gonoteReadyMs = performance.now();
  document.body.dataset.ready = "1";
}

start();
