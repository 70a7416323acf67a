// Writes golden token ids from transformers.js (@lenml/tokenizers) for the C# tokenizer tests.
// Re-run: npm install --prefix tests/.deps (see tests/setup.sh), then
//   node tests/fixtures-gen/tokenizers/generate.mjs
// (or `npm install` in this folder; packages are resolved here first, then from tests/.deps).
import { createRequire } from "node:module";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const base = existsSync(join(here, "node_modules")) ? here : join(root, "tests", ".deps");
const require = createRequire(join(base, "package.json"));
const out = join(root, "tests", "Deliberate.Engine.Tests", "Fixtures", "tokenizers");
mkdirSync(out, { recursive: true });

const texts = JSON.parse(readFileSync(join(here, "texts.json"), "utf8"));
for (const name of ["qwen3", "llama3", "llama2", "gptoss", "deepseek_v3"]) {
  const pkg = `@lenml/tokenizer-${name}`;
  const { fromPreTrained } = require(pkg);
  const tokenizer = fromPreTrained();
  const version = JSON.parse(readFileSync(join(base, "node_modules", pkg, "package.json"), "utf8")).version;
  const cases = texts.map((text) => ({
    text,
    ids: Array.from(tokenizer.encode(text, { add_special_tokens: false })),
    idsWithSpecial: Array.from(tokenizer.encode(text)),
  }));
  const fixture = { reference: `transformers.js via ${pkg}@${version}`, cases };
  // One case per line keeps diffs readable.
  const lines = cases.map((c) => "  " + JSON.stringify(c)).join(",\n");
  writeFileSync(join(out, `${name}.json`), `{"reference": ${JSON.stringify(fixture.reference)},\n "cases": [\n${lines}\n]}\n`);
  console.log(`${name}: ${cases.length} cases`);
}
