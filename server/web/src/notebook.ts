// The notebook page: cells, their editors, running them against a kernel,
// live output with offsets and a time axis, timing badges, autosave with
// conflict handling, and Jupyter's command-mode keyboard.

import { KeyBinding } from "@codemirror/view";
import * as api from "./api";
import { ExecEvent } from "./api";
import { h, append, button, clear, fmtDuration, fmtOffset } from "./dom";
import { Editor, markErrorLine } from "./editor";
import { choose, confirmDialog, promptDialog, toast } from "./dialog";
import { inertHTML } from "./markdown";

type CellType = "code" | "markdown" | "raw";
type CellState = "idle" | "queued" | "running" | "done" | "error" | "interrupted" | "died";
type KernelState = "starting" | "idle" | "busy" | "dead" | "restarting" | "none";
type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict" | "readonly";

/** maxLines bounds the output lines a cell keeps in the page, so runaway output cannot freeze it. */
const maxLines = 5000;
/** autosaveDelay is how long after the last edit a save starts. */
const autosaveDelay = 1000;

interface Timing {
  status: string;
  duration_ns: number;
  cpu_ns: number;
  goroutines_left: number;
  goroutines?: string;
  note?: string;
  started?: string;
  ended?: string;
}

/** OutItem is one piece of a cell's output, as it arrived. */
type OutItem =
  | { kind: "stream"; name: string; text: string; t_ns: number; late?: boolean }
  | { kind: "error"; ename: string; evalue: string; traceback: string[]; line?: number }
  | { kind: "other"; raw: any };

function newID(): string {
  const a = new Uint8Array(4);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
}

function joinSource(s: unknown): string {
  return Array.isArray(s) ? s.join("") : typeof s === "string" ? s : "";
}

/** errorLineOf is the cell line an error names, when it names one. */
function errorLineOf(e: { line?: number }): number | undefined {
  return e.line && e.line > 0 ? e.line : undefined;
}

/** Cell is one cell's model and view. */
class Cell {
  raw: any;
  type: CellType;
  el: HTMLElement;
  private ed: Editor | null = null;
  private inputBox: HTMLElement;
  private staticEl: HTMLElement | null = null;
  private src: string;
  private errLine: number | null = null;
  private nb: NotebookPage;
  private countEl: HTMLElement;
  private stateEl: HTMLElement;
  private badgeEl: HTMLElement;
  private outEl: HTMLElement;
  private axisEl: HTMLElement;
  private mdEl: HTMLElement;
  private lateEl: HTMLElement;
  items: OutItem[] = [];
  execCount: number | null;
  state: CellState = "idle";
  timing: Timing | null = null;
  ranSource: string | null = null;
  changedOutputs = false;
  private lines = 0;
  private dropped = 0;
  private openLine: { el: HTMLElement; txt: HTMLElement; name: string } | null = null;
  private startedAt = 0;
  private timer = 0;
  private liveTotal = 0;
  private rendered = false;
  /** ready settles when the cell first shows: markdown rendered, or at once. */
  ready: Promise<void> = Promise.resolve();

  constructor(nb: NotebookPage, raw: any) {
    this.nb = nb;
    this.raw = raw;
    this.type = raw.cell_type === "markdown" ? "markdown" : raw.cell_type === "raw" ? "raw" : "code";
    if (!raw.id) raw.id = newID();
    this.execCount = typeof raw.execution_count === "number" ? raw.execution_count : null;
    const source = joinSource(raw.source);

    this.countEl = h("span", { class: "count", testid: "exec-count" });
    this.stateEl = h("span", { class: "state", testid: "cell-state", role: "status" });
    this.badgeEl = h("span", { class: "badge", testid: "timing", hidden: true });
    this.outEl = h("div", { class: "output", testid: "cell-output", "aria-live": "polite" });
    this.lateEl = h("div", { class: "output late", testid: "late-output", hidden: true });
    this.axisEl = h("div", { class: "axis", testid: "time-axis", "aria-hidden": "true", hidden: true });
    this.mdEl = h("div", { class: "markdown", testid: "markdown", tabindex: "-1" });
    this.mdEl.addEventListener("dblclick", () => this.nb.editCell(this));

    // The editor is made when the cell comes near the screen, when it is
    // edited, or in idle time (see NotebookPage); until then the source
    // shows as plain text, so that a long notebook opens fast.
    this.src = source;
    this.inputBox = h("div", { class: "input" });
    const inputBox = this.inputBox;
    this.staticEl = h("pre", { class: "static-src", testid: "cell-static" }, source || " ");
    this.staticEl.addEventListener("mousedown", (e) => {
      e.preventDefault();
      this.nb.editCell(this);
    });
    inputBox.append(this.staticEl);

    const tools = this.toolbar();
    this.el = h(
      "article",
      { class: "cell", testid: "cell", tabindex: "-1", "data-id": raw.id },
      h("div", { class: "gutter" }, this.countEl, this.stateEl),
      h("div", { class: "body" }, tools, inputBox, this.mdEl, h("div", { class: "outwrap" }, this.outEl, this.lateEl, this.axisEl), h("footer", null, this.badgeEl)),
    );
    this.el.addEventListener("mousedown", (e) => {
      if (!(e.target as HTMLElement).closest(".cm-editor")) this.nb.select(this, this.nb.mode === "edit" && this.nb.selected === this ? "edit" : "command");
    });
    this.loadOutputs();
    this.applyType();
    this.renderState();
  }

  private toolbar(): HTMLElement {
    const ro = this.nb.readOnly;
    const typeSel = h(
      "select",
      { testid: "cell-type", "aria-label": "cell type", disabled: ro },
      h("option", { value: "code" }, "Go"),
      h("option", { value: "markdown" }, "Markdown"),
      h("option", { value: "raw" }, "Raw"),
    );
    typeSel.value = this.type;
    typeSel.addEventListener("change", () => this.nb.setType(this, typeSel.value as CellType));
    return h(
      "div",
      { class: "cell-tools", role: "toolbar", "aria-label": "cell actions" },
      button("▶ Run", "run-cell", () => this.nb.runCells([this]), { title: "Run this cell (Shift-Enter)", class: "run" }),
      button("Format", "format-cell", () => this.format(), { title: "gofmt this cell", disabled: ro, class: "code-only" }),
      typeSel,
      button("↑", "move-up", () => this.nb.move(this, -1), { title: "Move up", "aria-label": "move cell up", disabled: ro }),
      button("↓", "move-down", () => this.nb.move(this, 1), { title: "Move down", "aria-label": "move cell down", disabled: ro }),
      button("+↑", "add-above", () => this.nb.insert(this, 0, "code"), { title: "Add a cell above (A)", "aria-label": "add cell above", disabled: ro }),
      button("+↓", "add-below", () => this.nb.insert(this, 1, "code"), { title: "Add a cell below (B)", "aria-label": "add cell below", disabled: ro }),
      button("✕", "delete-cell", () => this.nb.remove(this), { title: "Delete (D D)", "aria-label": "delete cell", disabled: ro }),
    );
  }

  get source(): string {
    return this.ed ? this.ed.doc : this.src;
  }

  /** editor is the cell's CodeMirror view, made on first use. */
  get editor(): Editor {
    if (this.ed) return this.ed;
    this.ed = new Editor({
      doc: this.src,
      language: this.type === "code" ? "go" : "text",
      readOnly: this.nb.readOnly,
      keys: this.nb.editKeys(this),
      onChange: () => this.changed(),
      onFocus: () => this.nb.select(this, "edit"),
      parent: this.inputBox,
      label: "cell source",
    });
    this.staticEl?.remove();
    this.staticEl = null;
    if (this.errLine !== null) markErrorLine(this.ed.view, this.errLine);
    return this.ed;
  }

  /** hasEditor reports whether the editor was made yet. */
  get hasEditor(): boolean {
    return this.ed !== null;
  }

  /** applyType shows the editor or the rendered markdown for the cell's type. */
  applyType(): void {
    this.el.dataset.type = this.type;
    (this.el.querySelector("[data-testid=cell-type]") as HTMLSelectElement).value = this.type;
    this.ed?.setLanguage(this.type === "code" ? "go" : "text");
    if (this.type === "markdown") {
      this.ready = this.render();
    } else {
      this.rendered = false;
      this.el.classList.remove("rendered");
    }
  }

  /** render shows a markdown cell as HTML; the editor hides until edited. */
  async render(): Promise<void> {
    if (this.type !== "markdown") return;
    const src = this.source;
    this.rendered = true;
    this.el.classList.add("rendered");
    if (!src.trim()) {
      clear(this.mdEl);
      this.mdEl.append(h("p", { class: "hint" }, this.nb.readOnly ? "" : "Empty markdown cell: double-click to edit."));
      return;
    }
    if (this.mdEl.dataset.source === src) return;
    try {
      const html = await api.renderMarkdown(src);
      if (this.source !== src) return;
      clear(this.mdEl);
      this.mdEl.append(inertHTML(html));
      this.mdEl.dataset.source = src;
    } catch (err) {
      clear(this.mdEl);
      this.mdEl.append(h("pre", { class: "md-fallback" }, src));
    }
  }

  /** edit shows the editor of a rendered markdown cell and focuses it. */
  edit(): void {
    if (this.type === "markdown" && this.rendered) {
      this.rendered = false;
      this.el.classList.remove("rendered");
    }
    this.editor.focus();
  }

  private changed(): void {
    this.nb.dirty();
    if (this.ranSource !== null) this.el.classList.toggle("stale", this.source !== this.ranSource);
    if (this.ranSource !== null) this.el.dataset.stale = String(this.source !== this.ranSource);
  }

  private async format(): Promise<void> {
    if (this.type !== "code") return;
    try {
      const out = await api.formatCode(this.source);
      if (out !== this.source) this.editor.doc = out;
    } catch (err) {
      toast(`Format: ${(err as Error).message}`, "error");
    }
  }

  // ---- outputs ----

  /** loadOutputs shows the outputs stored in the notebook file. */
  private loadOutputs(): void {
    const outs: any[] = Array.isArray(this.raw.outputs) ? this.raw.outputs : [];
    const g = this.raw.metadata?.gonote || {};
    const chunks: { output: number; pos: number; t_ns: number; late?: boolean }[] = Array.isArray(g.chunks) ? g.chunks : [];
    outs.forEach((o, i) => {
      if (o.output_type === "stream") {
        const text = joinSource(o.text);
        const name = o.name || "stdout";
        // Split the output at its chunks' byte offsets, so each chunk keeps its time.
        const mine = chunks.filter((c) => c.output === i).sort((a, b) => a.pos - b.pos);
        if (mine.length === 0) {
          this.addStream({ kind: "stream", name, text, t_ns: NaN });
          return;
        }
        const bytes = new TextEncoder().encode(text);
        const dec = new TextDecoder();
        if (mine[0].pos > 0) this.addStream({ kind: "stream", name, text: dec.decode(bytes.subarray(0, mine[0].pos)), t_ns: NaN });
        mine.forEach((c, j) => {
          const end = j + 1 < mine.length ? mine[j + 1].pos : bytes.length;
          this.addStream({ kind: "stream", name, text: dec.decode(bytes.subarray(c.pos, end)), t_ns: c.t_ns, late: c.late });
        });
      } else if (o.output_type === "error") {
        this.addError({ kind: "error", ename: o.ename || "error", evalue: o.evalue || "", traceback: Array.isArray(o.traceback) ? o.traceback : [] });
      } else {
        this.addOther(o);
      }
    });
    if (typeof g.duration_ns === "number") {
      this.timing = {
        status: g.status || "ok",
        duration_ns: g.duration_ns,
        cpu_ns: g.cpu_ns ?? 0,
        goroutines_left: g.goroutines_left ?? 0,
      };
      const st = this.timing.status;
      this.state = st === "ok" ? "done" : st === "interrupted" ? "interrupted" : st === "kernel died" ? "died" : "error";
      this.showBadge();
      this.drawAxis(g.duration_ns);
    }
    this.changedOutputs = false;
  }

  clearOutputs(): void {
    this.items = [];
    this.lines = 0;
    this.dropped = 0;
    this.openLine = null;
    clear(this.outEl);
    clear(this.lateEl);
    clear(this.axisEl);
    this.lateEl.hidden = true;
    this.axisEl.hidden = true;
    this.badgeEl.hidden = true;
    this.timing = null;
    this.changedOutputs = true;
    this.errLine = null;
    if (this.ed) markErrorLine(this.ed.view, null);
    this.el.classList.remove("stale");
    delete this.el.dataset.stale;
    if (this.state !== "running" && this.state !== "queued") this.setState("idle");
  }

  /** addStream appends output text, starting a new line element at each newline so offsets are per line. */
  addStream(it: Extract<OutItem, { kind: "stream" }>): void {
    this.items.push(it);
    this.changedOutputs = true;
    const box = it.late ? this.lateEl : this.outEl;
    if (it.late && this.lateEl.hidden) {
      this.lateEl.hidden = false;
      this.lateEl.append(h("div", { class: "late-label" }, "Output after the cell ended"));
      this.openLine = null;
    }
    const parts = it.text.split("\n");
    for (let i = 0; i < parts.length; i++) {
      const seg = parts[i];
      const last = i === parts.length - 1;
      const open = this.openLine;
      if (i === 0 && open && open.name === it.name && open.el.parentNode === box) {
        open.txt.append(seg);
      } else if (seg !== "" || !last) {
        if (this.lines >= maxLines) {
          this.dropped++;
        } else {
          const off = h("span", { class: "off", "aria-hidden": "true" }, isNaN(it.t_ns) ? "" : fmtOffset(it.t_ns));
          const txt = h("span", { class: "txt" }, seg);
          const el = h("div", { class: `line ${it.name}`, "data-t": String(it.t_ns) }, off, txt);
          box.append(el);
          this.lines++;
          this.openLine = { el, txt, name: it.name };
        }
      }
      // A newline closes the current line: the next segment starts a new one.
      if (!last) this.openLine = null;
    }
    if (this.dropped > 0) {
      let note = this.outEl.querySelector<HTMLElement>(".dropped");
      if (!note) {
        note = h("div", { class: "dropped", testid: "output-dropped" });
        this.outEl.after(note);
      }
      note.textContent = `… ${this.dropped} more lines not shown`;
    }
    if (!isNaN(it.t_ns) && !it.late) this.tick(it.t_ns, it.name);
  }

  addError(it: Extract<OutItem, { kind: "error" }>): void {
    this.items.push(it);
    this.changedOutputs = true;
    this.openLine = null;
    const box = h(
      "div",
      { class: "error", testid: "cell-error", role: "alert" },
      h("div", { class: "ename" }, `${it.ename}: `, h("span", { class: "evalue" }, it.evalue)),
    );
    if (it.traceback.length) box.append(h("pre", { class: "traceback" }, it.traceback.join("\n")));
    this.outEl.append(box);
    const line = errorLineOf(it);
    if (line) {
      it.line = line;
      this.errLine = line;
      if (this.ed) markErrorLine(this.ed.view, line);
      box.dataset.line = String(line);
    }
  }

  /** addOther shows a rich output from another tool as text: HTML is never rendered. */
  private addOther(o: any): void {
    this.items.push({ kind: "other", raw: o });
    const data = o.data || {};
    let text = joinSource(data["text/plain"]);
    let label = "";
    if (!text) {
      const mime = Object.keys(data)[0];
      if (mime) {
        text = joinSource(data[mime]);
        label = `${mime} output, shown as text`;
      }
    }
    this.outEl.append(
      h("div", { class: "other", testid: "rich-output" }, label ? h("div", { class: "other-label" }, label) : null, h("pre", null, text)),
    );
  }

  /** tick puts a mark on the time axis for a chunk that arrived at t. */
  private tick(t: number, name: string): void {
    this.axisEl.hidden = false;
    const m = h("span", { class: `tick ${name}`, "data-t": String(t) });
    this.axisEl.append(m);
    this.layoutAxis(Math.max(this.liveTotal, t));
  }

  private layoutAxis(total: number): void {
    if (total <= 0) total = 1;
    for (const m of Array.from(this.axisEl.querySelectorAll<HTMLElement>(".tick"))) {
      m.style.left = `${Math.min(100, (100 * Number(m.dataset.t)) / total)}%`;
    }
    this.axisEl.dataset.total = String(total);
    this.axisEl.title = `chunks over ${fmtDuration(total)}`;
  }

  private drawAxis(total: number): void {
    if (this.axisEl.querySelector(".tick")) this.layoutAxis(total);
  }

  // ---- running ----

  setState(s: CellState): void {
    this.state = s;
    this.renderState();
  }

  private renderState(): void {
    this.el.dataset.state = this.state;
    this.countEl.textContent = this.state === "queued" ? "[*]" : this.state === "running" ? "[*]" : this.execCount !== null ? `[${this.execCount}]` : "[ ]";
    const labels: Record<CellState, string> = {
      idle: "",
      queued: "queued",
      running: "running",
      done: "done",
      error: "error",
      interrupted: "interrupted",
      died: "kernel died",
    };
    if (this.state !== "running") this.stateEl.textContent = labels[this.state];
    this.stateEl.dataset.state = this.state;
  }

  /** run executes the cell and resolves when its done event arrived or the stream broke. */
  async run(kernel: string): Promise<void> {
    if (this.type !== "code") {
      if (this.type === "markdown") await this.render();
      return;
    }
    const code = this.source;
    this.clearOutputs();
    this.ranSource = code;
    this.setState("running");
    this.startedAt = performance.now();
    const startISO = new Date().toISOString();
    this.liveTotal = 0;
    const tickTimer = () => {
      const ns = (performance.now() - this.startedAt) * 1e6;
      this.liveTotal = ns;
      this.stateEl.textContent = `running ${(ns / 1e9).toFixed(1)} s`;
      this.stateEl.dataset.elapsedNs = String(Math.round(ns));
      this.layoutAxis(ns);
    };
    tickTimer();
    this.timer = window.setInterval(tickTimer, 100);
    let gotDone = false;
    try {
      await api.execute(kernel, code, (ev) => {
        if (this.handleEvent(ev)) gotDone = true;
      });
      if (!gotDone) {
        this.addError({ kind: "error", ename: "connection lost", evalue: "the cell's result never arrived", traceback: [] });
        this.setState("died");
      }
    } catch (err) {
      const msg = (err as Error).message;
      this.addError({ kind: "error", ename: "not run", evalue: msg, traceback: [] });
      this.setState(err instanceof api.HttpError && err.status === 409 ? "error" : "died");
      // The kernel is gone (shut down or reaped): the next run starts a new one.
      if (err instanceof api.HttpError && err.status === 404) this.nb.kernelGone();
    } finally {
      clearInterval(this.timer);
      if (this.timing) {
        this.timing.started = startISO;
        this.timing.ended = new Date().toISOString();
      }
      this.renderState();
      this.nb.dirty();
    }
  }

  /** handleEvent applies one execute event; it reports whether the cell ended. */
  handleEvent(ev: ExecEvent): boolean {
    switch (ev.type) {
      case "stream":
        this.addStream({ kind: "stream", name: ev.name || "stdout", text: ev.text || "", t_ns: ev.t_ns ?? NaN, late: ev.late });
        return false;
      case "error":
        this.addError({ kind: "error", ename: ev.ename || "error", evalue: ev.evalue || "", traceback: ev.traceback || [], line: ev.line });
        return false;
      case "done": {
        const e = ev.error;
        if (e && !this.items.some((i) => i.kind === "error")) {
          this.addError({ kind: "error", ename: e.ename || "error", evalue: e.evalue || "", traceback: e.traceback || [], line: e.line });
        }
        if (typeof ev.execution_count === "number") {
          this.execCount = ev.execution_count;
          this.nb.ranAs(ev.execution_count, this);
        }
        this.timing = {
          status: ev.status || "ok",
          duration_ns: ev.duration_ns ?? 0,
          cpu_ns: ev.cpu_ns ?? 0,
          goroutines_left: ev.goroutines_left ?? 0,
          goroutines: ev.goroutines,
          note: ev.note,
        };
        const st = ev.status || "ok";
        this.setState(st === "ok" ? "done" : st === "interrupted" ? "interrupted" : st === "kernel died" ? "died" : "error");
        if (ev.note) this.outEl.append(h("div", { class: "note", testid: "cell-note" }, ev.note));
        this.liveTotal = this.timing.duration_ns;
        this.layoutAxis(this.timing.duration_ns);
        this.showBadge();
        this.changedOutputs = true;
        return true;
      }
    }
    return false;
  }

  private showBadge(): void {
    const tm = this.timing;
    if (!tm) return;
    const par = tm.duration_ns > 0 ? tm.cpu_ns / tm.duration_ns : 0;
    clear(this.badgeEl);
    append(
      this.badgeEl,
      h("span", { title: "wall time" }, "wall ", h("b", null, fmtDuration(tm.duration_ns))),
      h("span", { title: "CPU time, user + system" }, "CPU ", h("b", null, fmtDuration(tm.cpu_ns))),
      h("span", { title: "parallelism: CPU ÷ wall", class: par > 1.05 ? "parallel" : "" }, "×", h("b", null, par.toFixed(2))),
      h(
        "span",
        { title: tm.goroutines || "goroutines the cell left running", class: tm.goroutines_left > 0 ? "warn" : "" },
        h("b", null, String(tm.goroutines_left)),
        tm.goroutines_left === 1 ? " goroutine left" : " goroutines left",
      ),
    );
    this.badgeEl.dataset.wallNs = String(tm.duration_ns);
    this.badgeEl.dataset.cpuNs = String(tm.cpu_ns);
    this.badgeEl.dataset.goroutinesLeft = String(tm.goroutines_left);
    this.badgeEl.hidden = false;
  }

  /** toJSON writes the cell back as nbformat, keeping fields gonote does not own. */
  toJSON(): any {
    const c: any = { ...this.raw, id: this.raw.id, cell_type: this.type, metadata: { ...(this.raw.metadata || {}) }, source: this.source };
    if (this.type !== "code") {
      delete c.outputs;
      delete c.execution_count;
      return c;
    }
    c.execution_count = this.execCount;
    if (!this.changedOutputs && Array.isArray(this.raw.outputs)) {
      c.outputs = this.raw.outputs;
      return c;
    }
    // Consecutive chunks of one stream become one output, as in Jupyter;
    // metadata.gonote.chunks keeps where each chunk starts and when it came.
    const outputs: any[] = [];
    const chunks: { output: number; pos: number; t_ns: number; late?: boolean }[] = [];
    const enc = new TextEncoder();
    let cur: { output_type: string; name: string; text: string } | null = null;
    let curBytes = 0;
    for (const it of this.items) {
      if (it.kind === "stream") {
        if (!cur || cur.name !== it.name) {
          cur = { output_type: "stream", name: it.name, text: "" };
          curBytes = 0;
          outputs.push(cur);
        }
        if (!isNaN(it.t_ns)) chunks.push({ output: outputs.length - 1, pos: curBytes, t_ns: it.t_ns, ...(it.late ? { late: true } : {}) });
        cur.text += it.text;
        curBytes += enc.encode(it.text).length;
        continue;
      }
      cur = null;
      if (it.kind === "error") outputs.push({ output_type: "error", ename: it.ename, evalue: it.evalue, traceback: it.traceback });
      else outputs.push(it.raw);
    }
    c.outputs = outputs;
    if (this.timing) {
      c.metadata.gonote = {
        ...(c.metadata.gonote || {}),
        status: this.timing.status,
        duration_ns: this.timing.duration_ns,
        cpu_ns: this.timing.cpu_ns,
        goroutines_left: this.timing.goroutines_left,
        chunks,
      };
      if (this.timing.started && this.timing.ended) {
        const st = this.timing.started;
        const en = this.timing.ended;
        c.metadata.execution = {
          ...(c.metadata.execution || {}),
          "iopub.status.busy": st,
          "iopub.execute_input": st,
          "shell.execute_reply.started": st,
          "shell.execute_reply": en,
          "iopub.status.idle": en,
        };
      }
    } else {
      delete c.metadata.gonote;
    }
    return c;
  }

  destroy(): void {
    clearInterval(this.timer);
    this.ed?.destroy();
    this.el.remove();
  }
}

/** NotebookPage is the page of one open notebook. */
export class NotebookPage {
  path: string;
  readOnly: boolean;
  cells: Cell[] = [];
  selected: Cell | null = null;
  mode: "command" | "edit" = "command";
  private raw: any = {};
  private etag = "";
  private root: HTMLElement;
  private list!: HTMLElement;
  private kernelEl!: HTMLElement;
  private saveEl!: HTMLElement;
  private kernel = "";
  /** byCount maps an execution count to the cell that ran as it, for late output. */
  private byCount = new Map<number, Cell>();
  /** pendingLate holds late output that came before its cell's end was seen (the two arrive on different streams). */
  private pendingLate = new Map<number, ExecEvent[]>();
  private kernelStarting: Promise<string> | null = null;
  private events: EventSource | null = null;
  private queue: Cell[] = [];
  private running = false;
  private kstate: KernelState = "none";
  private sstate: SaveState = "saved";
  private saveTimer = 0;
  private saving: Promise<void> | null = null;
  private version = 0;
  private savedVersion = 0;
  private lastD = 0;
  private closed = false;

  constructor(root: HTMLElement, path: string) {
    this.root = root;
    this.path = path;
    this.readOnly = path.startsWith("lessons/");
  }

  /** open loads the notebook and builds the page. */
  async open(): Promise<void> {
    const url = api.notebookURL(this.path);
    const res = await (api.early(url) || api.call("GET", url, { headers: { Accept: "application/json" } }));
    this.etag = res.headers.get("ETag") || "";
    this.raw = await res.json();
    performance.mark("gonote:fetched");
    if (res.headers.get("X-Gonote-Readonly") === "1" || this.raw?.metadata?.gonote?.readonly === true) this.readOnly = true;
    this.build();
    const cells: any[] = Array.isArray(this.raw.cells) ? this.raw.cells : [];
    for (const c of cells) this.cells.push(new Cell(this, c));
    if (this.cells.length === 0 && !this.readOnly) this.cells.push(new Cell(this, { cell_type: "code", source: "", metadata: {}, outputs: [] }));
    performance.mark("gonote:cells");
    this.list.append(...this.cells.map((c) => c.el));
    this.makeEditorsLazily();
    // The first cell is at the top of a page just built: select it without
    // asking where it is, which would force a layout before the first paint.
    if (this.cells[0]) this.select(this.cells[0], "command", false);
    this.setSave(this.readOnly ? "readonly" : "saved");
    performance.mark("gonote:built");
    Promise.all(this.cells.map((c) => c.ready)).then(() => {
      window.gonoteRenderedMs = performance.now();
      document.body.dataset.rendered = "1";
    });
    document.addEventListener("keydown", this.onKey);
    window.addEventListener("pagehide", this.onLeave);
    document.addEventListener("visibilitychange", this.onHidden);
    window.addEventListener("beforeunload", this.onBeforeUnload);
    this.startKernel().catch(() => {});
  }

  private build(): void {
    const title = this.raw?.metadata?.title || this.path.split("/").pop() || this.path;
    document.title = `${title} · gonote`;
    this.kernelEl = h("span", { class: "kernel", testid: "kernel-state", role: "status", title: "kernel state" });
    this.saveEl = h("span", { class: "save", testid: "save-state", role: "status" });
    const ro = this.readOnly;
    const dl = (fmt: string) => h("a", { href: `${api.notebookURL(this.path)}?download=1&format=${fmt}`, testid: `download-${fmt}`, download: true, class: "btn" }, `.${fmt}`);
    const offsetsToggle = h("input", { type: "checkbox", testid: "toggle-offsets", id: "toggle-offsets" });
    offsetsToggle.addEventListener("change", () => this.root.classList.toggle("show-offsets", offsetsToggle.checked));
    const bar = h(
      "div",
      { class: "nb-toolbar", role: "toolbar", "aria-label": "notebook actions" },
      h(
        "div",
        { class: "group" },
        button("▶ Run", "run", () => this.selected && this.runCells([this.selected]), { title: "Run the selected cell (Shift-Enter)" }),
        button("Run all", "run-all", () => this.runCells(this.cells)),
        button("Run above", "run-above", () => this.selected && this.runCells(this.cells.slice(0, this.idx(this.selected))), { title: "Run every cell above the selected one" }),
        button("Run below", "run-below", () => this.selected && this.runCells(this.cells.slice(this.idx(this.selected))), { title: "Run the selected cell and every cell below" }),
        button("■ Interrupt", "interrupt", () => this.interrupt(), { title: "Interrupt (I I)" }),
        button("↻ Restart", "restart", () => this.restart(), { title: "Restart the kernel (0 0)" }),
        button("Clear outputs", "clear-outputs", () => this.clearAll()),
      ),
      h(
        "div",
        { class: "group" },
        ro ? null : button("+ Cell", "add-cell", () => this.insert(this.selected, 1, "code"), { title: "Add a code cell below (B)" }),
        h("label", { class: "toggle", for: "toggle-offsets", title: "Show each output line's offset from the cell's start" }, offsetsToggle, " line times"),
        h("span", { class: "dl" }, "Download ", dl("ipynb"), " ", dl("md")),
        button("?", "help", () => this.help(), { title: "Keyboard shortcuts (H)", "aria-label": "keyboard shortcuts" }),
      ),
    );
    const header = h(
      "header",
      { class: "nb-header" },
      h("a", { href: "/", class: "home", testid: "home-link" }, "gonote"),
      h("h1", { testid: "notebook-title" }, title),
      ro ? h("span", { class: "ro-tag", testid: "readonly" }, "read-only lesson") : null,
      ro ? button("Make a copy", "make-copy", () => this.copy(), { class: "primary" }) : null,
      h("span", { class: "spacer" }),
      this.saveEl,
      this.kernelEl,
    );
    this.list = h("div", { class: "cells", testid: "cells" });
    clear(this.root);
    this.root.className = "notebook";
    this.root.append(header, bar, h("main", null, this.list));
    this.setKernel("none");
  }

  /** makeEditorsLazily builds the editors of cells as they near the screen, and the rest in idle time. */
  private makeEditorsLazily(): void {
    const byEl = new Map<Element, Cell>(this.cells.map((c) => [c.el, c]));
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const c = byEl.get(e.target);
          if (!e.isIntersecting || !c) continue;
          io.unobserve(e.target);
          if (c.type !== "markdown") void c.editor;
        }
      },
      { rootMargin: "600px 0px" },
    );
    for (const c of this.cells) if (c.type !== "markdown") io.observe(c.el);
    const idle = (deadline: IdleDeadline) => {
      for (const c of this.cells) {
        if (this.closed || deadline.timeRemaining() < 4) break;
        if (c.type !== "markdown" && !c.hasEditor) void c.editor;
      }
      if (!this.closed && this.cells.some((c) => c.type !== "markdown" && !c.hasEditor)) requestIdleCallback(idle);
      else io.disconnect();
    };
    requestIdleCallback(idle);
  }

  idx(c: Cell): number {
    return this.cells.indexOf(c);
  }

  // ---- selection and keyboard ----

  select(c: Cell, mode: "command" | "edit", reveal = true): void {
    if (this.selected && this.selected !== c) {
      this.selected.el.classList.remove("selected", "editing");
      if (this.selected.type === "markdown" && this.mode === "edit") this.selected.render();
    }
    this.selected = c;
    this.mode = mode;
    c.el.classList.add("selected");
    c.el.classList.toggle("editing", mode === "edit");
    this.root.dataset.mode = mode;
    if (mode === "command" && document.activeElement !== c.el && !c.el.contains(document.activeElement as Node)) c.el.focus({ preventScroll: true });
    if (mode === "command" && c.el.contains(document.activeElement as Node) && document.activeElement !== c.el && (document.activeElement as HTMLElement).closest(".cm-editor")) c.el.focus({ preventScroll: true });
    // Bring the cell into view only when none of it shows: scrolling a tall
    // cell someone just clicked into would move the line under the mouse.
    if (!reveal) return;
    const r = c.el.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight) c.el.scrollIntoView({ block: "nearest" });
  }

  editCell(c: Cell): void {
    this.select(c, "edit");
    c.edit();
  }

  private command(c: Cell): void {
    if (c.type === "markdown") c.render();
    this.select(c, "command");
    c.el.focus({ preventScroll: true });
  }

  /** editKeys are the notebook keys bound inside a cell's editor. */
  editKeys(c: Cell): KeyBinding[] {
    return [
      { key: "Shift-Enter", run: () => (this.runAdvance(c), true) },
      { key: "Mod-Enter", run: () => (this.runCells([c]), c.type === "markdown" && this.command(c), true) },
      { key: "Alt-Enter", run: () => (this.runCells([c]), this.insert(c, 1, "code"), true) },
      { key: "Escape", run: () => (this.command(c), true) },
      { key: "Mod-s", run: () => (this.save(true), true), preventDefault: true },
      {
        key: "ArrowUp",
        run: () => {
          const i = this.idx(c);
          if (i > 0 && c.editor.atFirstLine()) return this.editCell(this.cells[i - 1]), true;
          return false;
        },
      },
      {
        key: "ArrowDown",
        run: () => {
          const i = this.idx(c);
          if (i < this.cells.length - 1 && c.editor.atLastLine()) {
            const n = this.cells[i + 1];
            this.editCell(n);
            n.editor.view.dispatch({ selection: { anchor: 0 } });
            return true;
          }
          return false;
        },
      },
    ];
  }

  private runAdvance(c: Cell): void {
    this.runCells([c]);
    const i = this.idx(c);
    if (i === this.cells.length - 1) {
      if (this.readOnly) this.command(c);
      else this.insert(c, 1, "code");
    } else {
      const n = this.cells[i + 1];
      if (c.type === "markdown") c.render();
      this.select(n, "command");
      n.el.focus({ preventScroll: true });
      n.el.scrollIntoView({ block: "nearest" });
    }
  }

  private onKey = (e: KeyboardEvent): void => {
    if (this.closed) return;
    const target = e.target as HTMLElement;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      this.save(true);
      return;
    }
    if (document.querySelector("dialog[open]")) return;
    if (target.closest(".cm-editor") || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    const c = this.selected;
    if (!c) return;
    const key = e.key;
    const ro = this.readOnly;
    let handled = true;
    if (key === "Enter" && e.shiftKey) this.runAdvance(c);
    else if (key === "Enter" && (e.ctrlKey || e.metaKey)) this.runCells([c]);
    else if (key === "Enter" && e.altKey) (this.runCells([c]), this.insert(c, 1, "code"));
    else if (key === "Enter") this.editCell(c);
    else if (e.ctrlKey || e.metaKey || e.altKey) handled = false;
    else if (key === "ArrowUp" || key === "k") this.step(-1);
    else if (key === "ArrowDown" || key === "j") this.step(1);
    else if (key === "a" && !ro) this.insert(c, 0, "code", false);
    else if (key === "b" && !ro) this.insert(c, 1, "code", false);
    else if (key === "m" && !ro) this.setType(c, "markdown");
    else if (key === "y" && !ro) this.setType(c, "code");
    else if (key === "r" && !ro) this.setType(c, "raw");
    else if (key === "d" && !ro) {
      const now = Date.now();
      if (now - this.lastD < 1000) {
        this.lastD = 0;
        this.remove(c);
      } else this.lastD = now;
    } else if (key === "i") {
      const now = Date.now();
      if (now - this.lastD < 1000) ((this.lastD = 0), this.interrupt());
      else this.lastD = now;
    } else if (key === "0") {
      const now = Date.now();
      if (now - this.lastD < 1000) ((this.lastD = 0), this.restart());
      else this.lastD = now;
    } else if (key === "h" || key === "?") this.help();
    else handled = false;
    if (handled) e.preventDefault();
  };

  private step(d: number): void {
    if (!this.selected) return;
    const i = Math.max(0, Math.min(this.cells.length - 1, this.idx(this.selected) + d));
    this.command(this.cells[i]);
    this.cells[i].el.scrollIntoView({ block: "nearest" });
  }

  help(): void {
    const rows: [string, string][] = [
      ["Shift-Enter", "run the cell and select the next one"],
      ["Ctrl-Enter", "run the cell"],
      ["Alt-Enter", "run the cell and insert one below"],
      ["Esc", "leave the editor: command mode"],
      ["Enter", "edit the selected cell (command mode)"],
      ["A / B", "insert a cell above / below"],
      ["D D", "delete the cell"],
      ["M / Y / R", "make it Markdown / Go / raw"],
      ["↑ ↓ or K J", "select the previous / next cell"],
      ["I I", "interrupt the kernel"],
      ["0 0", "restart the kernel"],
      ["Ctrl-S", "save now"],
      ["H", "this help"],
    ];
    const table = h(
      "table",
      { class: "keys", testid: "help-table" },
      h("tbody", null, ...rows.map(([k, v]) => h("tr", null, h("th", null, h("kbd", null, k)), h("td", null, v)))),
    );
    choose("Keyboard shortcuts", table, [{ label: "Close", value: "", testid: "dialog-close", primary: true }], "help-dialog");
  }

  // ---- cell edits ----

  /** insert adds a cell next to at; the keyboard's A and B leave it selected in command mode, as Jupyter does. */
  insert(at: Cell | null, offset: 0 | 1, type: CellType, edit = true): Cell | null {
    if (this.readOnly) return null;
    const c = new Cell(this, { cell_type: type, source: "", metadata: {}, outputs: [], execution_count: null });
    const i = at ? this.idx(at) + offset : this.cells.length;
    this.cells.splice(i, 0, c);
    if (i + 1 < this.cells.length) this.cells[i + 1].el.before(c.el);
    else this.list.append(c.el);
    if (edit) this.editCell(c);
    else this.command(c);
    this.dirty();
    return c;
  }

  async remove(c: Cell): Promise<void> {
    if (this.readOnly) return;
    const i = this.idx(c);
    if (i < 0) return;
    this.cells.splice(i, 1);
    this.queue = this.queue.filter((q) => q !== c);
    c.destroy();
    if (this.cells.length === 0) this.insert(null, 1, "code");
    else this.command(this.cells[Math.min(i, this.cells.length - 1)]);
    this.dirty();
  }

  move(c: Cell, d: number): void {
    if (this.readOnly) return;
    const i = this.idx(c);
    const j = i + d;
    if (j < 0 || j >= this.cells.length) return;
    this.cells.splice(i, 1);
    this.cells.splice(j, 0, c);
    if (d < 0) this.cells[j + 1].el.before(c.el);
    else this.cells[j - 1].el.after(c.el);
    this.select(c, "command");
    this.dirty();
  }

  setType(c: Cell, t: CellType): void {
    if (this.readOnly || c.type === t) return;
    c.type = t;
    if (t !== "code") c.clearOutputs();
    c.applyType();
    this.dirty();
  }

  clearAll(): void {
    for (const c of this.cells) if (c.type === "code") c.clearOutputs();
    this.dirty();
  }

  // ---- kernel ----

  private setKernel(s: KernelState): void {
    this.kstate = s;
    this.kernelEl.dataset.state = s;
    this.kernelEl.textContent = s === "none" ? "no kernel" : `kernel ${s}`;
  }

  private startKernel(): Promise<string> {
    if (this.kernel) return Promise.resolve(this.kernel);
    if (this.kernelStarting) return this.kernelStarting;
    this.setKernel("starting");
    this.kernelStarting = (async () => {
      try {
        const j = await api.getJSON<any>("POST", "/api/kernels", { body: { notebook: this.path } });
        this.kernel = String(j.id);
        this.setKernel("idle");
        this.listen();
        return this.kernel;
      } catch (err) {
        this.setKernel("dead");
        toast(`Kernel: ${(err as Error).message}`, "error");
        throw err;
      } finally {
        this.kernelStarting = null;
      }
    })();
    return this.kernelStarting;
  }

  /** listen follows the kernel's event stream: state changes and late output. */
  private listen(): void {
    this.events?.close();
    const es = new EventSource(`/api/kernels/${encodeURIComponent(this.kernel)}/events`);
    const handle = (m: MessageEvent) => {
      let ev: ExecEvent;
      try {
        ev = JSON.parse(m.data);
      } catch {
        return;
      }
      if (!ev.type && m.type !== "message") ev.type = m.type;
      this.kernelEvent(ev);
    };
    for (const n of ["message", "stream", "state", "status", "kernel", "late"]) es.addEventListener(n, handle as EventListener);
    this.events = es;
  }

  private kernelEvent(ev: ExecEvent): void {
    const st = ev.state || (ev.type === "status" || ev.type === "state" || ev.type === "kernel" ? ev.status : undefined);
    if (st && ["idle", "busy", "dead", "restarting", "starting"].includes(st)) {
      if (!(this.running && st === "idle")) this.setKernel(st as KernelState);
      return;
    }
    if (ev.type === "stream" && (ev.late || ev.type === "stream")) {
      // Late output belongs to the cell with that execution count; the newest one wins.
      const owner = ev.cell !== undefined ? this.byCount.get(ev.cell) : undefined;
      if (!owner && ev.cell !== undefined) {
        const list = this.pendingLate.get(ev.cell) || [];
        list.push(ev);
        this.pendingLate.set(ev.cell, list);
      }
      if (owner) {
        owner.addStream({ kind: "stream", name: ev.name || "stdout", text: ev.text || "", t_ns: ev.t_ns ?? NaN, late: true });
        this.dirty();
      }
    }
  }

  /** ranAs records that cell ran with execution count n. */
  ranAs(n: number, cell: Cell): void {
    this.byCount.set(n, cell);
    const early = this.pendingLate.get(n);
    this.pendingLate.delete(n);
    for (const ev of early || []) this.kernelEvent(ev);
  }

  /** kernelGone forgets a kernel the server no longer has. */
  kernelGone(): void {
    this.events?.close();
    this.events = null;
    this.kernel = "";
    this.byCount.clear();
    this.pendingLate.clear();
    this.setKernel("dead");
  }

  /** runCells queues code cells to run one after another. */
  runCells(cells: Cell[]): void {
    for (const c of cells) {
      if (c.type === "markdown") {
        c.render();
        continue;
      }
      if (c.type !== "code" || this.queue.includes(c) || c.state === "running") continue;
      c.setState("queued");
      this.queue.push(c);
    }
    this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        let kernel: string;
        try {
          kernel = await this.startKernel();
        } catch {
          this.abortQueue();
          break;
        }
        const c = this.queue.shift()!;
        this.setKernel("busy");
        await c.run(kernel);
        if (c.state !== "done") this.abortQueue();
        if (c.state === "died") this.setKernel("dead");
      }
    } finally {
      this.running = false;
      if (this.kstate === "busy") this.setKernel("idle");
    }
  }

  private abortQueue(): void {
    for (const q of this.queue) q.setState(q.timing ? "done" : "idle");
    this.queue = [];
  }

  async interrupt(): Promise<void> {
    this.abortQueue();
    if (!this.kernel) return;
    try {
      await api.call("POST", `/api/kernels/${encodeURIComponent(this.kernel)}/interrupt`);
    } catch (err) {
      toast(`Interrupt: ${(err as Error).message}`, "error");
    }
  }

  async restart(): Promise<void> {
    const ok = await confirmDialog("Restart the kernel?", "Every variable, function and import defined so far is lost. Outputs stay on the page.", "Restart", true);
    if (!ok) return;
    this.abortQueue();
    if (!this.kernel) {
      await this.startKernel().catch(() => {});
      return;
    }
    this.setKernel("restarting");
    try {
      await api.call("POST", `/api/kernels/${encodeURIComponent(this.kernel)}/restart`);
      this.byCount.clear();
      this.pendingLate.clear();
      this.setKernel("idle");
      toast("Kernel restarted");
    } catch (err) {
      this.setKernel("dead");
      toast(`Restart: ${(err as Error).message}`, "error");
      // The kernel may be gone for good: start a fresh one next time.
      this.kernel = "";
    }
  }

  // ---- saving ----

  private setSave(s: SaveState, detail = ""): void {
    this.sstate = s;
    this.saveEl.dataset.state = s;
    const text: Record<SaveState, string> = {
      saved: "saved",
      dirty: "unsaved changes",
      saving: "saving…",
      error: "save failed",
      conflict: "changed on disk",
      readonly: "read-only",
    };
    this.saveEl.textContent = text[s];
    this.saveEl.title = detail;
  }

  /** dirty records an edit and schedules an autosave. */
  dirty(): void {
    if (this.readOnly) return;
    this.version++;
    if (this.sstate !== "conflict") this.setSave("dirty");
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.save(false), autosaveDelay);
  }

  toJSON(): any {
    const nb: any = { ...this.raw, cells: this.cells.map((c) => c.toJSON()) };
    nb.nbformat = 4;
    if (typeof nb.nbformat_minor !== "number" || nb.nbformat_minor < 5) nb.nbformat_minor = 5;
    nb.metadata = nb.metadata || {};
    return nb;
  }

  /** save writes the notebook if it changed (or always when forced), with the ETag it was read at. */
  async save(force: boolean, overwrite = false): Promise<void> {
    if (this.readOnly) {
      if (force) toast("Lessons are read-only: make a copy to keep your changes.");
      return;
    }
    clearTimeout(this.saveTimer);
    if (this.saving) {
      await this.saving;
      if (this.version === this.savedVersion && !force) return;
    }
    if (this.sstate === "conflict" && !overwrite) return;
    if (this.version === this.savedVersion && !force && !overwrite) return;
    const v = this.version;
    this.setSave("saving");
    this.saving = (async () => {
      try {
        const headers: Record<string, string> = {};
        if (this.etag && !overwrite) headers["If-Match"] = this.etag;
        const res = await api.call("PUT", api.notebookURL(this.path), { body: this.toJSON(), headers });
        this.etag = res.headers.get("ETag") || this.etag;
        this.savedVersion = v;
        this.setSave(this.version === v ? "saved" : "dirty");
        if (this.version !== v) this.saveTimer = window.setTimeout(() => this.save(false), autosaveDelay);
      } catch (err) {
        if (err instanceof api.HttpError && (err.status === 409 || err.status === 412)) {
          this.setSave("conflict", err.message);
          this.conflict();
        } else {
          this.setSave("error", (err as Error).message);
          this.saveTimer = window.setTimeout(() => this.save(false), 5000);
        }
      } finally {
        this.saving = null;
      }
    })();
    await this.saving;
  }

  private async conflict(): Promise<void> {
    const v = await choose(
      "The notebook changed on disk",
      "Someone or something else saved this notebook after you opened it. Keep which version?",
      [
        { label: "Reload theirs", value: "reload", testid: "conflict-reload" },
        { label: "Save as a copy", value: "copy", testid: "conflict-copy" },
        { label: "Overwrite with mine", value: "overwrite", testid: "conflict-overwrite", danger: true },
      ],
      "conflict-dialog",
    );
    if (v === "reload") {
      this.version = this.savedVersion;
      location.reload();
    } else if (v === "overwrite") {
      this.setSave("dirty");
      await this.save(true, true);
    } else if (v === "copy") {
      await this.saveAsCopy();
    }
  }

  private async saveAsCopy(): Promise<void> {
    const base = this.path.replace(/\.(ipynb|md)$/, "");
    const name = await promptDialog("Save as a copy", "New name", `${base}-copy.ipynb`, "Save");
    if (!name) return;
    try {
      await api.call("PUT", api.notebookURL(name), { body: this.toJSON(), headers: { "If-None-Match": "*" } });
      this.version = this.savedVersion;
      location.href = api.pageURL(name);
    } catch (err) {
      toast(`Save as ${name}: ${(err as Error).message}`, "error");
    }
  }

  private async copy(): Promise<void> {
    try {
      const j = await api.getJSON<any>("POST", "/api/notebooks", { body: { from: this.path } });
      const p = api.pathOf(j);
      if (!p) throw new Error("the server did not name the copy");
      this.close();
      location.href = api.pageURL(p);
    } catch (err) {
      toast(`Make a copy: ${(err as Error).message}`, "error");
    }
  }

  // ---- leaving ----

  private onHidden = (): void => {
    if (document.visibilityState === "hidden") this.flush();
  };

  // Leaving with unsaved edits: a keepalive request carries them when it
  // can (browsers cap its body at 64 KiB); a bigger notebook asks the
  // person to stay while a normal save runs.
  private onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (this.readOnly || this.version === this.savedVersion || this.sstate === "conflict") return;
    if (!this.flush()) {
      this.save(true);
      e.preventDefault();
    }
  };

  private onLeave = (): void => {
    this.flush();
    this.close();
  };

  /** flush saves pending edits with a request that outlives the page; it reports false when the notebook is too big for one. */
  private flush(): boolean {
    if (this.readOnly || this.version === this.savedVersion || this.sstate === "conflict") return true;
    const nb = this.toJSON();
    if (JSON.stringify(nb).length > 60_000) return false;
    clearTimeout(this.saveTimer);
    const v = this.version;
    // Count it as saved now, so the page does not send it twice while it
    // goes away; a failure below puts the edits back to unsaved.
    this.savedVersion = v;
    const prev = this.saving || Promise.resolve();
    this.saving = prev
      .then(() => api.call("PUT", api.notebookURL(this.path), { body: nb, headers: this.etag ? { "If-Match": this.etag } : {}, keepalive: true }))
      .then((res) => {
        this.etag = res.headers.get("ETag") || this.etag;
        this.setSave(this.version === v ? "saved" : "dirty");
      })
      .catch((err) => {
        this.savedVersion = -1;
        if (err instanceof api.HttpError && err.status === 409) {
          this.setSave("conflict", err.message);
          this.conflict();
        } else {
          this.setSave("error", (err as Error).message);
          this.saveTimer = window.setTimeout(() => this.save(false), 5000);
        }
      })
      .finally(() => {
        this.saving = null;
      });
    return true;
  }

  /** close shuts the kernel down: a page that is gone needs no worker. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.events?.close();
    if (this.kernel) api.call("DELETE", `/api/kernels/${encodeURIComponent(this.kernel)}`, { keepalive: true }).catch(() => {});
  }
}

/** openNotebook mounts the notebook page for path into root. */
export async function openNotebook(root: HTMLElement, path: string): Promise<NotebookPage> {
  const page = new NotebookPage(root, path);
  await page.open();
  return page;
}
