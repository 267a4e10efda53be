// `make editor`: bundles src/ with the locked CodeMirror into the package's one editor asset.
// The first line of the bundle names the sha256 of its sources and the lock, so a test can tell
// when the committed bundle no longer matches them (tests/test_editor_bundle.py).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const here = new URL(".", import.meta.url).pathname;
const assets = `${here}../src/werkvorm_dsl/assets/`;

export function sourcesDigest() {
  const hash = createHash("sha256");
  const files = ["package.json", "package-lock.json", "build.mjs",
    ...readdirSync(`${here}src`).filter((name) => name.endsWith(".js")).sort().map((name) => `src/${name}`)];
  for (const name of files) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(`${here}${name}`));
  }
  return hash.digest("hex");
}

// Into the package's assets, or into the folder given (make editor-check compares the two).
const folder = process.argv[2] ? `${process.argv[2]}/` : assets;
const outfile = `${folder}editor.js`;
await build({
  entryPoints: [`${here}src/main.js`],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  charset: "utf8",
  legalComments: "none",
  banner: {
    js: `/* werkvorm-dsl editor, sources sha256 ${sourcesDigest()}; made by 'make editor' from editor/. `
      + "Contains CodeMirror 6 and Lezer (MIT licence, (c) Marijn Haverbeke and others; see editor.LICENSE.txt). */",
  },
  outfile,
  logLevel: "warning",
});
const licence = readFileSync(`${here}node_modules/@codemirror/view/LICENSE`, "utf8");
writeFileSync(`${folder}editor.LICENSE.txt`,
  "The editor bundle (editor.js) contains CodeMirror 6, Lezer, style-mod, crelt, w3c-keyname and\n"
  + "find-cluster-break by Marijn Haverbeke and others, under this licence:\n\n" + licence);
