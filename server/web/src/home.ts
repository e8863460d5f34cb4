// The home page: the lesson library and the user's notebooks.

import * as api from "./api";
import { Entry } from "./api";
import { h, button, clear, fmtTime } from "./dom";
import { confirmDialog, promptDialog, toast } from "./dialog";

const langKey = "gonote.lessonLang";

/** openHome mounts the home page into root. */
export async function openHome(root: HTMLElement): Promise<void> {
  document.title = "gonote";
  root.className = "home";
  const lessonsEl = h("ol", { class: "lessons", testid: "lessons" });
  const nbEl = h("tbody", { testid: "notebooks" });
  let lang = localStorage.getItem(langKey) || (navigator.language.startsWith("ko") ? "ko" : "en");
  let data: { notebooks: Entry[]; lessons: Entry[] } = { notebooks: [], lessons: [] };

  const langBtn = (code: string, label: string) =>
    button(label, `lang-${code}`, () => {
      lang = code;
      localStorage.setItem(langKey, code);
      draw();
    });
  const en = langBtn("en", "English");
  const ko = langBtn("ko", "한국어");
  ko.lang = "ko";

  const upload = h("input", { type: "file", accept: ".ipynb,.md", testid: "upload-input", id: "upload", class: "visually-hidden" });
  upload.addEventListener("change", async () => {
    const f = upload.files?.[0];
    upload.value = "";
    if (f) await uploadFile(f);
  });

  const draw = () => {
    en.setAttribute("aria-pressed", String(lang === "en"));
    ko.setAttribute("aria-pressed", String(lang === "ko"));
    clear(lessonsEl);
    let lessons = data.lessons.filter((l) => l.lang === lang);
    if (lessons.length === 0) lessons = data.lessons.filter((l) => l.lang === "en");
    for (const l of lessons) {
      lessonsEl.append(
        h(
          "li",
          { testid: "lesson", lang: l.lang },
          h("a", { href: api.pageURL(l.path), testid: "lesson-link" }, l.title),
          l.summary ? h("p", null, ...inlineCode(l.summary)) : null,
        ),
      );
    }
    clear(nbEl);
    if (data.notebooks.length === 0) {
      nbEl.append(h("tr", null, h("td", { colspan: "3", class: "empty" }, "No notebooks yet. Start a new one, upload one, or copy a lesson.")));
    }
    for (const n of [...data.notebooks].sort((a, b) => (b.modified || "").localeCompare(a.modified || ""))) {
      nbEl.append(
        h(
          "tr",
          { testid: "notebook-row", "data-path": n.path },
          h("td", null, h("a", { href: api.pageURL(n.path), testid: "notebook-link" }, n.path)),
          h("td", { class: "muted" }, h("time", { datetime: n.modified }, fmtTime(n.modified))),
          h(
            "td",
            { class: "actions" },
            button("Rename", "rename", () => rename(n)),
            button("Delete", "delete", () => remove(n), { class: "danger" }),
          ),
        ),
      );
    }
  };

  const refresh = async () => {
    try {
      data = await api.listNotebooks();
    } catch (err) {
      toast(`List notebooks: ${(err as Error).message}`, "error");
    }
    draw();
  };

  const create = async () => {
    const name = await promptDialog("New notebook", "Name", "Untitled.ipynb", "Create");
    if (!name) return;
    try {
      const j = await api.getJSON<any>("POST", "/api/notebooks", { body: { path: withExt(name) } });
      location.href = api.pageURL(api.pathOf(j) || withExt(name));
    } catch (err) {
      toast(`New notebook: ${(err as Error).message}`, "error");
    }
  };

  const uploadFile = async (f: File) => {
    const text = await f.text();
    try {
      const j = await api.getJSON<any>("POST", "/api/notebooks", { body: { path: f.name, content: text } });
      toast(`Uploaded ${api.pathOf(j) || f.name}`);
      await refresh();
    } catch (err) {
      toast(`Upload ${f.name}: ${(err as Error).message}`, "error");
    }
  };

  const rename = async (n: Entry) => {
    const to = await promptDialog(`Rename ${n.path}`, "New name", n.path, "Rename");
    if (!to || to === n.path) return;
    try {
      await api.call("PATCH", api.notebookURL(n.path), { body: { path: withExt(to, n.path) } });
      await refresh();
    } catch (err) {
      toast(`Rename: ${(err as Error).message}`, "error");
    }
  };

  const remove = async (n: Entry) => {
    if (!(await confirmDialog(`Delete ${n.path}?`, "The file is removed from the notebooks folder. This cannot be undone.", "Delete", true))) return;
    try {
      await api.call("DELETE", api.notebookURL(n.path));
      await refresh();
    } catch (err) {
      toast(`Delete: ${(err as Error).message}`, "error");
    }
  };

  clear(root);
  root.append(
    h("header", { class: "site" }, h("a", { href: "/", class: "home" }, "gonote"), h("span", { class: "tagline" }, "Go notebooks: run cells, watch goroutines work")),
    h(
      "main",
      { class: "home-main" },
      h(
        "section",
        { "aria-labelledby": "lessons-h" },
        h("div", { class: "section-head" }, h("h2", { id: "lessons-h" }, "Lessons"), h("div", { class: "seg", role: "group", "aria-label": "lesson language" }, en, ko)),
        lessonsEl,
      ),
      h(
        "section",
        { "aria-labelledby": "nb-h" },
        h(
          "div",
          { class: "section-head" },
          h("h2", { id: "nb-h" }, "Your notebooks"),
          h(
            "div",
            { class: "actions" },
            button("New notebook", "new-notebook", create, { class: "primary" }),
            h("label", { for: "upload", class: "btn", testid: "upload", tabindex: "0" }, "Upload .ipynb / .md"),
            upload,
          ),
        ),
        h("table", { class: "nb-list" }, h("thead", null, h("tr", null, h("th", null, "Name"), h("th", null, "Modified"), h("th", null, h("span", { class: "visually-hidden" }, "Actions")))), nbEl),
      ),
    ),
  );
  await refresh();
}

/** withExt adds .ipynb to a name without a notebook extension, or the extension of like. */
function withExt(name: string, like = ".ipynb"): string {
  if (/\.(ipynb|md)$/i.test(name)) return name;
  const m = /\.(ipynb|md)$/i.exec(like);
  return name + (m ? m[0] : ".ipynb");
}

/** inlineCode turns `backquoted` spans of a plain-text summary into <code>. */
function inlineCode(s: string): (string | HTMLElement)[] {
  return s.split("`").map((part, i) => (i % 2 === 1 ? h("code", null, part) : part));
}
