"""Tracing short programs (Python-like): assignments and a small loop; the answer is the printed value.

high: the state of every variable after each executed line (one line per step), multi-digit sums and
differences with their column work in brackets.
medium: the state once per loop iteration.
"""
from .common import Item, inline_steps

ITERS = {1: (1, 2), 2: (2, 3), 3: (3, 4), 4: (4, 5), 5: (6, 8), 6: (8, 10)}


def make_program(rng, difficulty):
    x, y = rng.randint(0, 9), rng.randint(1, 9)
    n = rng.randint(*ITERS[difficulty])
    body = []
    for _ in range(2 if difficulty < 3 else 3):
        tgt = rng.choice("xy")
        src = rng.choice(["x", "y", "i", str(rng.randint(1, 5))])
        op = rng.choice(["+", "-", "+"])
        body.append((tgt, op, src))
    out = rng.choice("xy")
    q = f"What does this program print?\n```\n{program_code(x, y, n, body, out)}\n```"
    return program_item(x, y, n, body, out, difficulty, q)


def program_code(x, y, n, body, out):
    """The program's text, one statement a line."""
    lines = [f"x = {x}", f"y = {y}", f"for i in range({n}):"] + [f"    {t} = {t} {o} {s}" for t, o, s in body] + \
        [f"print({out})"]
    return "\n".join(lines)


def program_item(x, y, n, body, out, difficulty, q):
    """The printed value of the program (x, y set, a loop of n runs over body, print(out)), asked as q."""
    env = {"x": x, "y": y}
    high, medium = [f"x={x} y={y}"], [f"start x={x} y={y}"]
    for i in range(n):
        env["i"] = i
        for t, o, s in body:
            v = env[s] if s in env else int(s)
            old = env[t]
            env[t] = old + v if o == "+" else old - v
            work = inline_steps(old, o, v)
            high.append(f"i={i}: {t} = {old} {o} {v} =" + (f" [{work}]" if work else "") + f" {env[t]}")
        medium.append(f"after i={i}: x={env['x']} y={env['y']}")
    high.append(f"print({out}) -> {env[out]}")
    high.append(f"Check: the loop ran {n} times.")
    return Item("program", difficulty, q, str(env[out]), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
