// The HTTP API client: JSON calls, the execute event stream and the kernel
// event stream. Shapes follow the API section of the README; the readers
// accept a few spellings so that a field added on the server side does not
// break the page.

/** HttpError is a non-2xx answer, with the server's {"error": …} message. */
export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

/** notebookURL is the API address of a notebook path, each segment escaped. */
export function notebookURL(path: string): string {
  return "/api/notebooks/" + path.split("/").map(encodeURIComponent).join("/");
}

/** pageURL is the page address of a notebook path. */
export function pageURL(path: string): string {
  return "/nb/" + path.split("/").map(encodeURIComponent).join("/");
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  keepalive?: boolean;
}

/** call makes a same-origin request and turns an error answer into HttpError. */
export async function call(method: string, url: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(url, {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: opts.signal,
    keepalive: opts.keepalive,
  });
  return check(res);
}

/** check turns an error answer into HttpError, and sends a request without a session to the login page. */
export async function check(res: Response): Promise<Response> {
  if (!res.ok) {
    let msg = res.statusText || `HTTP ${res.status}`;
    try {
      const j = await res.json();
      if (j && typeof j.error === "string") msg = j.error;
    } catch {
      // Not JSON: keep the status text.
    }
    if (res.status === 401) {
      location.href = "/login?next=" + encodeURIComponent(location.pathname);
    }
    throw new HttpError(res.status, msg);
  }
  return res;
}

/** early returns the answer boot.js already asked for, if it asked for url. */
export function early(url: string): Promise<Response> | null {
  const b = window.gonoteBoot;
  if (!b || b.url !== url) return null;
  window.gonoteBoot = undefined;
  return b.res.then(check);
}

/** getJSON calls and decodes a JSON answer. */
export async function getJSON<T>(method: string, url: string, opts: CallOptions = {}): Promise<T> {
  const res = await call(method, url, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** Entry is one notebook or lesson in the home page's lists. */
export interface Entry {
  path: string;
  name: string;
  title: string;
  summary: string;
  order: number;
  lang: string;
  modified: string;
  size: number;
  lesson: boolean;
}

function str(...vs: unknown[]): string {
  for (const v of vs) if (typeof v === "string" && v !== "") return v;
  return "";
}

function normEntry(o: any, lesson: boolean): Entry {
  const path = str(o.path, o.name);
  const base = path.split("/").pop() || path;
  const isLesson = lesson || o.lesson === true || o.kind === "lesson" || path.startsWith("lessons/");
  let lang = str(o.lang, o.language);
  if (!lang) lang = /(^|\/)lessons\/ko\//.test(path) ? "ko" : "en";
  const m = /^(\d+)/.exec(base);
  return {
    path,
    name: str(o.name, base),
    title: str(o.title, o.name, base),
    summary: str(o.summary, o.description),
    order: typeof o.order === "number" ? o.order : m ? parseInt(m[1], 10) : 0,
    lang,
    modified: str(o.modified, o.mtime, o.last_modified, o.updated),
    size: typeof o.size === "number" ? o.size : 0,
    lesson: isLesson,
  };
}

/** listNotebooks returns the user's notebooks and the lessons. */
export async function listNotebooks(): Promise<{ notebooks: Entry[]; lessons: Entry[] }> {
  const pre = early("/api/notebooks");
  const j: any = pre ? await (await pre).json() : await getJSON("GET", "/api/notebooks");
  let all: Entry[] = [];
  if (Array.isArray(j)) {
    all = j.map((o) => normEntry(o, false));
  } else {
    for (const o of j.notebooks || j.items || []) all.push(normEntry(o, false));
    for (const o of j.lessons || []) all.push(normEntry(o, true));
  }
  return {
    notebooks: all.filter((e) => !e.lesson),
    lessons: all.filter((e) => e.lesson).sort((a, b) => a.order - b.order || a.path.localeCompare(b.path)),
  };
}

/** pathOf finds the notebook path in a create/copy/rename answer. */
export function pathOf(j: any): string {
  return str(j?.path, j?.name, j?.notebook?.path);
}

/** ExecEvent is one event of a cell run. */
export interface ExecEvent {
  type: string;
  name?: string;
  text?: string;
  t_ns?: number;
  cell?: number;
  late?: boolean;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  line?: number;
  col?: number;
  status?: string;
  state?: string;
  execution_count?: number;
  duration_ns?: number;
  cpu_ns?: number;
  goroutines_left?: number;
  goroutines?: string;
  note?: string;
  error?: { ename?: string; evalue?: string; traceback?: string[]; line?: number; col?: number };
  [k: string]: unknown;
}

/** parseSSE feeds server-sent-event blocks from a text stream to onEvent. */
export async function parseSSE(body: ReadableStream<Uint8Array>, onEvent: (e: ExecEvent) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let buf = "";
  const flush = (block: string) => {
    let name = "";
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
      else if (line.startsWith("event:")) name = line.slice(6).trim();
    }
    if (data.length === 0) return;
    let ev: ExecEvent;
    try {
      ev = JSON.parse(data.join("\n"));
    } catch {
      return;
    }
    if (!ev.type && name) ev.type = name;
    onEvent(ev);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    for (;;) {
      const m = /\r?\n\r?\n/.exec(buf);
      if (!m) break;
      flush(buf.slice(0, m.index));
      buf = buf.slice(m.index + m[0].length);
    }
  }
  if (buf.trim()) flush(buf);
}

/** execute runs code in a kernel, calling onEvent for each event as it arrives. */
export async function execute(kernel: string, code: string, onEvent: (e: ExecEvent) => void): Promise<void> {
  const res = await call("POST", `/api/kernels/${encodeURIComponent(kernel)}/execute`, {
    body: { code },
    headers: { Accept: "text/event-stream" },
  });
  if (!res.body) throw new Error("execute: no response body");
  if ((res.headers.get("Content-Type") || "").includes("application/json")) {
    onEvent({ type: "done", ...(await res.json()) });
    return;
  }
  await parseSSE(res.body, onEvent);
}

/** renderMarkdown asks the server for sanitized HTML. */
export async function renderMarkdown(source: string): Promise<string> {
  const j = await getJSON<{ html: string }>("POST", "/api/markdown", { body: { source } });
  return j.html || "";
}

/** formatCode asks the server to gofmt code. */
export async function formatCode(code: string): Promise<string> {
  const j = await getJSON<{ code: string }>("POST", "/api/format", { body: { code } });
  return j.code;
}
