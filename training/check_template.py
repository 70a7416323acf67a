"""Checks that chat_template.jinja (rendered by Jinja2 configured as Hugging Face does) and the Python
mirror in chat_format.py produce identical text for the conversations used in training and evaluation.

    apt-get install -y python3-jinja2 && /usr/bin/python3 -m training.check_template
"""
import json
import os
import random
import sys

from .chat_format import render
from .tasks.registry import FAMILIES


def hf_environment():
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"])
    env.filters["tojson"] = lambda x, indent=None, separators=None, sort_keys=False: json.dumps(
        x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)
    return env, jinja2


def main():
    env, _ = hf_environment()
    here = os.path.dirname(os.path.abspath(__file__))
    template = env.from_string(open(os.path.join(here, "chat_template.jinja")).read())
    rng = random.Random(7)
    cases = []
    for fam, make in FAMILIES.items():
        for _ in range(20):
            item = make(rng, rng.randint(1, 4))
            if fam == "tool":
                for msgs, completion in item.examples("high", "Be concise."):
                    cases.append((msgs, item.tools, rng.choice(["low", "medium", "high", None])))
                    cases.append((msgs[1:], item.tools, "high"))
                    cases.append((msgs + [{"role": "assistant", "content": completion}], item.tools, "low"))
            else:
                msgs = [{"role": "user", "content": item.question}]
                cases.append((msgs, None, rng.choice(["low", "medium", "high", None])))
                cases.append(([{"role": "developer", "content": "Be brief."}] + msgs +
                              [{"role": "assistant", "content": item.completion("high")},
                               {"role": "user", "content": "Thanks. And again?"}], None, "medium"))
    # OpenAI wire format: arguments as a JSON string
    cases.append(([{"role": "user", "content": "hi"},
                   {"role": "assistant", "content": None, "tool_calls": [
                       {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"a\": 1}"}}]},
                   {"role": "tool", "tool_call_id": "c1", "content": "{\"r\": 2}"}], [], "high"))
    bad = 0
    for msgs, tools, effort in cases:
        kwargs = {"messages": msgs, "tools": tools, "add_generation_prompt": True}
        if effort is not None:
            kwargs["reasoning_effort"] = effort
        got = template.render(**kwargs)
        want = render(msgs, tools=tools, reasoning_effort=effort)
        if got != want:
            bad += 1
            if bad <= 2:
                print("MISMATCH\n--- jinja ---\n" + got + "\n--- python ---\n" + want)
    print(f"{len(cases) - bad}/{len(cases)} conversations render identically")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
