// Small DOM helpers. Every element is built with createElement and text is
// always set as text: the front end never turns a string into HTML, except
// for server-sanitized markdown (see markdown.ts).

export type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((ev: any) => void);

/**
 * h creates an element. Attributes named on* with a function value become
 * event listeners; "testid" becomes data-testid; true sets an empty
 * attribute, false/null/undefined skip it.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, AttrValue> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === "function") {
        el.addEventListener(k.slice(2).toLowerCase(), v);
      } else if (k === "class") {
        el.className = String(v);
      } else if (k === "testid") {
        el.dataset.testid = String(v);
      } else {
        el.setAttribute(k, v === true ? "" : String(v));
      }
    }
  }
  append(el, ...children);
  return el;
}

/** append adds children, strings as text nodes. */
export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

/** clear removes every child of el. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** button makes a <button type=button> with a test id and a click handler. */
export function button(
  label: Child,
  testid: string,
  onClick: (ev: MouseEvent) => void,
  attrs: Record<string, AttrValue> = {},
): HTMLButtonElement {
  return h("button", { type: "button", testid, onclick: onClick, ...attrs }, label);
}

/** fmtDuration prints nanoseconds the way a person reads them. */
export function fmtDuration(ns: number): string {
  if (!isFinite(ns) || ns < 0) return "–";
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 1 : 0)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 1 : 0)} ms`;
  if (ns < 60e9) return `${(ns / 1e9).toFixed(2)} s`;
  const m = Math.floor(ns / 60e9);
  return `${m} min ${((ns - m * 60e9) / 1e9).toFixed(0)} s`;
}

/** fmtOffset prints an output offset as +s.mmm, fixed width for alignment. */
export function fmtOffset(ns: number): string {
  return `+${(ns / 1e9).toFixed(3)}s`;
}

/** fmtTime prints a timestamp relative to now for lists. */
export function fmtTime(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  const same = d.toDateString() === new Date().toDateString();
  return same
    ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}
