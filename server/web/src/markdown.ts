// Markdown cells are rendered to HTML by the server, which sanitizes it.
// inertHTML is a second, independent layer: before the HTML reaches the page
// it is parsed into an inert template and anything that could run script is
// removed, so a gap in one layer is not enough for notebook content to act.

const dropTags = new Set(["SCRIPT", "IFRAME", "OBJECT", "EMBED", "STYLE", "LINK", "META", "BASE", "FORM", "FRAME", "FRAMESET", "TEMPLATE"]);
const urlAttrs = new Set(["href", "src", "xlink:href", "action", "formaction", "srcset", "poster", "data"]);

function safeURL(v: string): boolean {
  const s = v.replace(/[\u0000-\u0020]/g, "").toLowerCase();
  return !(s.startsWith("javascript:") || s.startsWith("vbscript:") || (s.startsWith("data:") && !s.startsWith("data:image/png") && !s.startsWith("data:image/jpeg") && !s.startsWith("data:image/gif")));
}

/** inertHTML parses html without running anything and returns a cleaned fragment. */
export function inertHTML(html: string): DocumentFragment {
  const tpl = document.createElement("template");
  tpl.innerHTML = html; // template content is inert: no script runs, nothing loads
  const walk = (root: Element | DocumentFragment) => {
    for (const el of Array.from(root.children)) {
      const tag = el.tagName.toUpperCase();
      if (dropTags.has(tag) || el.namespaceURI === "http://www.w3.org/2000/svg" && tag !== "SVG" && /^(script|foreignobject|animate|set|use)$/i.test(el.localName)) {
        el.remove();
        continue;
      }
      for (const a of Array.from(el.attributes)) {
        const n = a.name.toLowerCase();
        if (n.startsWith("on") || n === "style" || (urlAttrs.has(n) && !safeURL(a.value))) el.removeAttribute(a.name);
      }
      if (tag === "A") {
        el.setAttribute("rel", "noopener noreferrer");
        el.setAttribute("target", "_blank");
      }
      walk(el);
    }
  };
  walk(tpl.content);
  return tpl.content;
}
