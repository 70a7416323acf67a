"""Python mirror of chat_template.jinja (Jinja is not installed here): renders a conversation exactly as
the template does, so training text and inference prompts agree token for token.

tojson is Python's json.dumps with the default separators (", " and ": ") and ensure_ascii=False,
as in Hugging Face's chat-template environment.
"""
import json

DEFAULT_SYSTEM = "You are Deliberate Nano, a small reasoning assistant."
TOOLS_HEADER = "\n\n# Tools\n\nYou may call functions. Their signatures:\n<tools>"
TOOLS_FOOTER = ('\n</tools>\n\nTo call one, reply with:\n<tool_call>\n'
                '{"name": <name>, "arguments": <arguments>}\n</tool_call>')


def tojson(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def render(messages, tools=None, reasoning_effort=None, add_generation_prompt=True) -> str:
    effort = reasoning_effort or "medium"
    skip_first = bool(messages) and messages[0]["role"] in ("system", "developer")
    system = messages[0]["content"] if skip_first else DEFAULT_SYSTEM
    out = "<|im_start|>system\n" + system + "\nReasoning effort: " + effort
    if tools:
        out += TOOLS_HEADER
        for tool in tools:
            out += "\n" + tojson(tool)
        out += TOOLS_FOOTER
    out += "<|im_end|>\n"
    for i, m in enumerate(messages):
        if i == 0 and skip_first:
            continue
        role = m["role"]
        if role == "user":
            out += "<|im_start|>user\n" + m["content"] + "<|im_end|>\n"
        elif role in ("system", "developer"):
            out += "<|im_start|>system\n" + m["content"] + "<|im_end|>\n"
        elif role == "tool":
            out += "<|im_start|>user\n<tool_response>\n" + m["content"] + "\n</tool_response><|im_end|>\n"
        elif role == "assistant":
            content = m.get("content") or ""
            if "</think>" in content:
                content = content.split("</think>")[-1].lstrip("\n")
            out += "<|im_start|>assistant\n" + content
            for j, tc in enumerate(m.get("tool_calls") or []):
                call = tc.get("function") or tc
                if content or j > 0:
                    out += "\n"
                args = call["arguments"]
                out += '<tool_call>\n{"name": "' + call["name"] + '", "arguments": ' + \
                    (args if isinstance(args, str) else tojson(args)) + "}\n</tool_call>"
            out += "<|im_end|>\n"
    if add_generation_prompt:
        out += "<|im_start|>assistant\n"
    return out
