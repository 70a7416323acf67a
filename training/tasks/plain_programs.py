"""Tracing a short program, asked in people's words (the program itself is as the family writes it)."""
from .programs import ITERS, program_code, program_item
from .wording import Wording

PROGRAM = [
    "What's the output of this code?\n```\n{code}\n```",
    "Run this in your head and tell me what it prints:\n```python\n{code}\n```",
    "What will this print?\n{code}",
    "Trace this code. What is printed?\n```\n{code}\n```",
    "```\n{code}\n```\nWhat does it output?",
    "Can you tell me what this Python prints?\n```python\n{code}\n```",
    "{code}\n\nwhat gets printed?",
    "What value does this program print at the end?\n```\n{code}\n```",
    "Here's a loop:\n```\n{code}\n```\nWhat's the output?",
    "If I run the following, what appears on screen?\n```py\n{code}\n```",
    "Output of:\n```\n{code}\n```",
    "What number does this code print?\n```python\n{code}\n```",
    "Please trace:\n```\n{code}\n```",
    "Tell me the printed value:\n{code}",
    # appended after the first issue-25 run (the held-out split above stays)
    "Work out what this code displays:\n```\n{code}\n```",
    "Tell me the output:\n```python\n{code}\n```",
    "What's printed by this code?\n{code}",
    "Run this code in your head:\n```\n{code}\n```\nWhat is the output?",
    "Predict the output:\n```\n{code}\n```",
    "What number gets printed?\n```\n{code}\n```",
]


def _values(rng, difficulty):
    body = []
    for _ in range(2 if difficulty < 3 else 3):
        src = rng.choice(["x", "y", "i", str(rng.randint(1, 5))])
        body.append((rng.choice("xy"), rng.choice(["+", "-", "+"]), src))
    return {"x": rng.randint(0, 9), "y": rng.randint(1, 9), "n": rng.randint(*ITERS[difficulty]), "body": body,
            "out": rng.choice("xy")}


def _fields(rng, values, style):
    return {"code": program_code(values["x"], values["y"], values["n"], values["body"], values["out"])}


WORDINGS = [
    Wording("program", "program", PROGRAM, _values, lambda v: "what the program prints",
            lambda v, d, q: program_item(v["x"], v["y"], v["n"], v["body"], v["out"], d, q), fields=_fields,
            patterns={"code": r"x = [\s\S]+?\)"}),
]
