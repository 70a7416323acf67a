#!/usr/bin/env python3
"""Renders the same templates and conversations as generate.mjs with Python Jinja2, configured the way
transformers' apply_chat_template configures it (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks,
loopcontrols, its own tojson/raise_exception/strftime_now), and writes golden-jinja2.json. Also renders the
small feature templates in expressions.json to expressions-golden.json.

Re-run (after `node generate.mjs`, which refreshes the template copies):
    apt-get install python3-jinja2   # or any Python 3 with Jinja2 3.1
    python3 tests/fixtures-gen/templates/generate_jinja2.py
"""
import datetime
import json
import os
import re

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../.."))
FIXTURES = os.path.join(ROOT, "tests/Deliberate.Engine.Tests/Fixtures/templates")
FIXED_NOW = datetime.datetime(2026, 1, 15, 10, 30, 0)


class TemplateError(Exception):
    pass


def make_env():
    # Mirrors transformers.utils.chat_template_utils._compile_jinja_template (minus AssistantTracker,
    # whose {% generation %} tag none of these templates use).
    def raise_exception(message):
        raise TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return FIXED_NOW.strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def developer_as_system(messages):
    if not any(m["role"] == "developer" for m in messages):
        return messages
    mapped = [dict(m, role="system") if m["role"] == "developer" else m for m in messages]
    while len(mapped) >= 2 and mapped[0]["role"] == "system" and mapped[1]["role"] == "system":
        merged = "\n\n".join(c for c in [mapped[0]["content"], mapped[1]["content"]] if c)
        mapped[0] = dict(mapped[0], content=merged)
        del mapped[1]
    return mapped


def variables(case, tools_by_name, source, bos, eos, null_as_empty):
    as_objects = re.search(r"arguments\s*\|\s*tojson", source) is not None
    messages = []
    for m in developer_as_system(case["messages"]):
        content = m.get("content")
        v = {"role": m["role"], "content": content if content is not None else ("" if null_as_empty else None)}
        if m.get("reasoning_content") is not None:
            v["reasoning_content"] = m["reasoning_content"]
            v["thinking"] = m["reasoning_content"]
        if m.get("tool_calls"):
            v["tool_calls"] = [
                {"id": c["id"], "type": "function",
                 "function": {"name": c["name"], "arguments": json.loads(c["arguments"]) if as_objects else c["arguments"]}}
                for c in m["tool_calls"]
            ]
        if m.get("tool_call_id") is not None:
            v["tool_call_id"] = m["tool_call_id"]
        if m.get("name") is not None:
            v["name"] = m["name"]
        messages.append(v)
    result = {
        "messages": messages,
        "add_generation_prompt": case["add_generation_prompt"],
        "bos_token": bos,
        "eos_token": eos,
        "tools": tools_by_name[case["tools"]] if case.get("tools") else None,
    }
    if case.get("enable_thinking") is not None:
        result["enable_thinking"] = case["enable_thinking"]
    result.update(case.get("extra", {}))
    return result


PROBE = {
    "messages": [
        {"role": "user", "content": "x"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "c", "name": "f", "arguments": "{}"}]},
        {"role": "tool", "tool_call_id": "c", "content": "y"},
    ],
    "tools": "probe",
    "add_generation_prompt": True,
}


def main():
    env = make_env()
    with open(os.path.join(FIXTURES, "conversations.json"), encoding="utf-8") as f:
        conversations = json.load(f)
    with open(os.path.join(FIXTURES, "golden.json"), encoding="utf-8") as f:
        specials = json.load(f)["specials"]
    tools = dict(conversations["tools"])
    tools["probe"] = [{"type": "function", "function": {"name": "f", "description": "f", "parameters": {"type": "object", "properties": {}}}}]

    golden = {}
    for file in sorted(f for f in os.listdir(FIXTURES) if f.endswith(".jinja")):
        with open(os.path.join(FIXTURES, file), encoding="utf-8") as f:
            source = f.read()
        bos, eos = specials.get(file, ["", ""])
        template = env.from_string(source)

        def renders(flag):
            try:
                template.render(**variables(PROBE, tools, source, "", "", flag))
                return True
            except Exception:
                return False

        null_as_empty = not renders(False) and renders(True)
        golden[file] = {}
        for case in conversations["cases"]:
            try:
                golden[file][case["name"]] = {"output": template.render(**variables(case, tools, source, bos, eos, null_as_empty))}
            except Exception as e:
                golden[file][case["name"]] = {"error": f"{type(e).__name__}: {e}"}
        errors = sum(1 for r in golden[file].values() if "error" in r)
        print(f"{file}: {len(conversations['cases']) - errors} rendered, {errors} errors{' (null content as empty)' if null_as_empty else ''}")
    with open(os.path.join(FIXTURES, "golden-jinja2.json"), "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "golden": golden}, f, ensure_ascii=False, indent=1)
        f.write("\n")

    expressions_path = os.path.join(FIXTURES, "expressions.json")
    if os.path.exists(expressions_path):
        with open(expressions_path, encoding="utf-8") as f:
            expressions = json.load(f)
        results = []
        for item in expressions["templates"]:
            try:
                results.append({"template": item, "output": env.from_string(item).render(**expressions["variables"])})
            except Exception as e:
                results.append({"template": item, "error": f"{type(e).__name__}: {e}"})
        with open(os.path.join(FIXTURES, "expressions-golden.json"), "w", encoding="utf-8") as f:
            json.dump({"jinja2": jinja2.__version__, "results": results}, f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
