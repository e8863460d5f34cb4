// build.mjs bundles the front end into dist/: app.js, boot.js and app.css (esbuild),
// index.html and favicon.svg, and SOURCES, the hash of every input file.
// The Go test in this package recomputes that hash, so a change to a source
// without a rebuild fails `go test` without needing Node.

import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const dist = "dist";

// inputs lists the files the bundle is made from, as slash paths sorted by
// byte order: the same list the Go test builds.
function inputs() {
  const out = ["build.mjs", "package.json", "package-lock.json", "tsconfig.json"];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = `${dir}/${name}`;
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk("src");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sourceHash() {
  const lines = inputs().map((p) => `${createHash("sha256").update(readFileSync(p)).digest("hex")}  ${p}\n`);
  return createHash("sha256").update(lines.join("")).digest("hex");
}

// CodeMirror puts its generated styles in a <style> element, which a strict
// Content-Security-Policy (no 'unsafe-inline' styles) blocks. style-mod
// already knows how to use a constructed stylesheet (adoptedStyleSheets),
// which CSP does not block, but only for shadow roots; this lifts the
// shadow-root-only condition.
const adoptedStyles = {
  name: "adopted-styles",
  setup(b) {
    b.onLoad({ filter: /style-mod[\\/]src[\\/]style-mod\.js$/ }, (args) => {
      const src = readFileSync(args.path, "utf8");
      const patched = src.replace("if (!root.head && root.adoptedStyleSheets", "if (root.adoptedStyleSheets");
      if (patched === src) throw new Error("style-mod changed: cannot switch it to adopted stylesheets");
      return { contents: patched, loader: "js" };
    });
  },
};

const hash = sourceHash();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
await build({
  entryPoints: { app: "src/main.ts", boot: "src/boot.ts" },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022"],
  outdir: dist,
  legalComments: "eof",
  plugins: [adoptedStyles],
  logLevel: "warning",
});
await build({
  entryPoints: { app: "src/style.css" },
  bundle: true,
  minify: true,
  outdir: dist,
  logLevel: "warning",
});
writeFileSync(join(dist, "index.html"), readFileSync("src/index.html", "utf8").replaceAll("{{hash}}", hash.slice(0, 12)));
writeFileSync(join(dist, "favicon.svg"), readFileSync("src/favicon.svg"));
writeFileSync(join(dist, "SOURCES"), `sha256 ${hash}\n`);
console.log(`built dist/ from sources ${hash.slice(0, 12)}`);
