// Modal dialogs built on <dialog>. The page never calls alert, confirm or
// prompt: those block the page and cannot be styled or found by test id.

import { h, button, Child } from "./dom";

export interface Choice {
  label: string;
  value: string;
  testid: string;
  primary?: boolean;
  danger?: boolean;
}

/** choose shows a message and buttons; it resolves with the chosen value, or "" on Esc. */
export function choose(title: string, body: Child, choices: Choice[], testid = "dialog"): Promise<string> {
  return new Promise((resolve) => {
    const dlg = h("dialog", { testid, "aria-labelledby": "dlg-title" });
    const done = (v: string) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    const btns = choices.map((c) =>
      button(c.label, c.testid, () => done(c.value), {
        class: c.danger ? "danger" : c.primary ? "primary" : "",
      }),
    );
    dlg.append(h("h2", { id: "dlg-title" }, title), h("div", { class: "dlg-body" }, body), h("div", { class: "dlg-actions" }, ...btns));
    dlg.addEventListener("cancel", (e) => {
      e.preventDefault();
      done("");
    });
    document.body.append(dlg);
    dlg.showModal();
    const primary = btns[choices.findIndex((c) => c.primary)] || btns[btns.length - 1];
    primary?.focus();
  });
}

/** confirmDialog asks yes or no. */
export async function confirmDialog(title: string, body: string, yes: string, danger = false): Promise<boolean> {
  const v = await choose(title, body, [
    { label: "Cancel", value: "", testid: "dialog-cancel" },
    { label: yes, value: "yes", testid: "dialog-confirm", primary: !danger, danger },
  ]);
  return v === "yes";
}

/** promptDialog asks for one line of text; it resolves with null on cancel. */
export function promptDialog(title: string, label: string, initial: string, ok: string): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h("input", { type: "text", testid: "dialog-input", value: initial, "aria-label": label, spellcheck: "false" });
    const dlg = h("dialog", { testid: "dialog" });
    const done = (v: string | null) => {
      dlg.close();
      dlg.remove();
      resolve(v);
    };
    const form = h(
      "form",
      { method: "dialog", onsubmit: (e: Event) => (e.preventDefault(), done(input.value.trim() || null)) },
      h("h2", null, title),
      h("label", { class: "dlg-body" }, label, input),
      h(
        "div",
        { class: "dlg-actions" },
        button("Cancel", "dialog-cancel", () => done(null)),
        h("button", { type: "submit", class: "primary", testid: "dialog-confirm" }, ok),
      ),
    );
    dlg.append(form);
    dlg.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(null);
    });
    document.body.append(dlg);
    dlg.showModal();
    input.focus();
    const dot = initial.lastIndexOf(".");
    input.setSelectionRange(0, dot > 0 ? dot : initial.length);
  });
}

/** toast shows a short message at the bottom of the page. */
export function toast(msg: string, kind: "info" | "error" = "info"): void {
  let box = document.querySelector<HTMLElement>(".toasts");
  if (!box) {
    box = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(box);
  }
  const t = h("div", { class: `toast ${kind}`, testid: "toast" }, msg);
  box.append(t);
  setTimeout(() => t.remove(), kind === "error" ? 8000 : 3000);
}
