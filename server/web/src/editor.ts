// CodeMirror 6 set up for notebook cells: Go highlighting, bracket matching,
// auto-indentation, and a line highlight for the line an error names.

import { EditorState, Extension, StateEffect, StateField, Compartment, Prec } from "@codemirror/state";
import { EditorView, keymap, Decoration, DecorationSet, drawSelection, highlightActiveLine, lineNumbers, KeyBinding, placeholder } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, syntaxHighlighting, HighlightStyle, indentUnit } from "@codemirror/language";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { go } from "@codemirror/lang-go";
import { tags as t } from "@lezer/highlight";

// Colours come from CSS variables so that one style serves light and dark.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: "var(--hl-keyword)" },
  { tag: [t.string, t.special(t.string), t.character], color: "var(--hl-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--hl-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [t.typeName, t.standard(t.typeName)], color: "var(--hl-type)" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))], color: "var(--hl-func)" },
  { tag: [t.definition(t.variableName), t.definition(t.typeName)], color: "var(--hl-def)" },
  { tag: [t.standard(t.variableName)], color: "var(--hl-builtin)" },
  { tag: [t.heading], fontWeight: "bold" },
]);

const setErrorLine = StateEffect.define<number | null>();

// errorLine holds the decoration marking the line named by the cell's last error.
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue;
      if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) {
        deco = Decoration.none;
      } else {
        const line = tr.state.doc.line(e.value);
        deco = Decoration.set([Decoration.line({ class: "cm-error-line", attributes: { "data-testid": "error-line" } }).range(line.from)]);
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** markErrorLine highlights line (1-based) of view, or clears it with null. */
export function markErrorLine(view: EditorView, line: number | null): void {
  view.dispatch({ effects: setErrorLine.of(line) });
}

export interface EditorOptions {
  doc: string;
  language: "go" | "text";
  readOnly: boolean;
  keys: KeyBinding[];
  onChange: (doc: string) => void;
  onFocus: () => void;
  parent: HTMLElement;
  label: string;
}

/** Editor wraps one cell's EditorView. */
export class Editor {
  view: EditorView;
  private lang = new Compartment();
  private ro = new Compartment();

  constructor(o: EditorOptions) {
    const exts: Extension[] = [
      Prec.highest(keymap.of(o.keys)),
      lineNumbers(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightActiveLine(),
      indentUnit.of("\t"),
      EditorState.tabSize.of(4),
      syntaxHighlighting(highlight),
      errorLine,
      placeholder(o.language === "go" ? "Go code: statements, declarations, or a whole program" : "Markdown"),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
      this.lang.of(o.language === "go" ? go() : []),
      this.ro.of(readOnlyExt(o.readOnly)),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": o.label, "data-testid": "cell-input" }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) o.onChange(u.state.doc.toString());
        if (u.focusChanged && u.view.hasFocus) o.onFocus();
      }),
    ];
    this.view = new EditorView({ state: EditorState.create({ doc: o.doc, extensions: exts }), parent: o.parent });
  }

  get doc(): string {
    return this.view.state.doc.toString();
  }

  set doc(s: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: s } });
  }

  setLanguage(l: "go" | "text"): void {
    this.view.dispatch({ effects: this.lang.reconfigure(l === "go" ? go() : []) });
  }

  setReadOnly(ro: boolean): void {
    this.view.dispatch({ effects: this.ro.reconfigure(readOnlyExt(ro)) });
  }

  focus(atEnd = false): void {
    this.view.focus();
    if (atEnd) this.view.dispatch({ selection: { anchor: this.view.state.doc.length } });
  }

  /** atFirstLine and atLastLine tell whether arrow keys should leave the cell. */
  atFirstLine(): boolean {
    const s = this.view.state;
    return s.selection.main.empty && s.doc.lineAt(s.selection.main.head).number === 1;
  }

  atLastLine(): boolean {
    const s = this.view.state;
    return s.selection.main.empty && s.doc.lineAt(s.selection.main.head).number === s.doc.lines;
  }

  destroy(): void {
    this.view.destroy();
  }
}

// readOnlyExt keeps a read-only cell focusable, so that text can be selected
// and Shift-Enter still runs it.
function readOnlyExt(ro: boolean): Extension {
  return EditorState.readOnly.of(ro);
}
