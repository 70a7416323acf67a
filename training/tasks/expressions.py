"""Integer expressions with precedence and parentheses.

high: one operation per line, innermost parentheses first, then * and / left to right, then + and -,
with the whole expression rewritten after each step (so the next step only copies and looks nearby); an
operation on numbers of two or more digits shows its column work in brackets first (`18 * 3 = [18*3: 8*3+0=24
1*3+2=5] 54`), since a one-shot multi-digit result was the most common error.
medium: the operations alone, without rewriting. Operands stay small so each single step is easy.
"""
from .common import Item, inline_steps, maybe_json

OPS = {1: (2, 2), 2: (3, 3), 3: (4, 5), 4: (5, 6), 5: (7, 8), 6: (9, 10)}


def _gen(rng, nops):
    """A random token list (numbers, ops, parens) with nops binary operations."""
    if nops == 0:
        return [rng.randint(1, 20)]
    left = rng.randint(0, nops - 1)
    op = rng.choice("+-*/+-*")
    a, b = _gen(rng, left), _gen(rng, nops - 1 - left)
    if op in "*/" and len(b) > 1 and rng.random() < 0.3:
        b = ["("] + b + [")"]
    elif op in "*/-" and len(b) > 1:
        b = ["("] + b + [")"]
    if op in "*/" and len(a) > 1:
        a = ["("] + a + [")"]
    elif len(a) > 1 and rng.random() < 0.15:
        a = ["("] + a + [")"]
    return a + [op] + b


def _num(t, first):
    return str(t) if t >= 0 or first else f"({t})"


def _fmt(toks):
    out = ""
    for t in toks:
        if t == ")":
            out += ")"
        elif out == "" or out.endswith("("):
            out += t if t == "(" else _num(t, True)
        else:
            out += " " + (t if isinstance(t, str) else _num(t, False))
    return out


def _step(toks):
    """Reduce one operation; returns (new tokens, 'a op b=c') or raises ValueError if not exact/small."""
    # innermost parenthesis group without nested parens
    start, end = 0, len(toks)
    for i, t in enumerate(toks):
        if t == "(":
            start = i + 1
        elif t == ")":
            end = i
            break
    if end == len(toks):
        start = 0
    seg = toks[start:end]
    if len(seg) == 1:  # "(x)" -> x
        return toks[:start - 1] + seg + toks[end + 1:], None
    idx = next((i for i, t in enumerate(seg) if t in ("*", "/")), None)
    if idx is None:
        idx = next(i for i, t in enumerate(seg) if t in ("+", "-"))
    a, op, b = seg[idx - 1], seg[idx], seg[idx + 1]
    if op == "+":
        c = a + b
    elif op == "-":
        c = a - b
    elif op == "*":
        if min(abs(a), abs(b)) > 12 or abs(a * b) > 999:
            raise ValueError
        c = a * b
    else:
        if b == 0 or a % b:
            raise ValueError
        c = a // b
    if abs(c) > 999:
        raise ValueError
    seg = seg[:idx - 1] + [c] + seg[idx + 2:]
    new = toks[:start] + seg + toks[end:]
    if start > 0 and len(seg) == 1:
        new = toks[:start - 1] + seg + toks[end + 1:]
    work = inline_steps(a, op, b)
    shown = f" [{work}]" if work else ""
    return new, (f"{_num(a, True)} {op} {_num(b, False)} = {c}", f"{_num(a, True)} {op} {_num(b, False)} ={shown} {c}")


def expr_steps(toks):
    """The reductions of a token list, [((short, with work), expression after)], and its value; ValueError when a step
    is not exact or leaves the small range."""
    steps, cur = [], toks
    while len(cur) > 1:
        cur, s = _step(cur)
        if s:
            steps.append((s, _fmt(cur)))
    return steps, cur[0]


def draw_expr(rng, difficulty):
    """A token list whose every step stays exact and small (the last one tried after 1000 misses)."""
    for _ in range(1000):
        toks = _gen(rng, rng.randint(*OPS[difficulty]))
        try:
            expr_steps(toks)
        except ValueError:
            continue
        break
    return toks


def expr_text(toks):
    return _fmt(toks)


def make_expr(rng, difficulty):
    toks = draw_expr(rng, difficulty)
    q = rng.choice(["Compute {e}.", "What is {e}?", "Evaluate {e}.", "Calculate {e}."]).format(e=_fmt(toks))
    return maybe_json(rng, expr_item(toks, difficulty, q), 0.05)


def expr_item(toks, difficulty, q):
    """The value of the expression toks (numbers, operators, parentheses), asked as q."""
    steps, val = expr_steps(toks)
    text = _fmt(toks)
    high = [text] + [f"{s[1]} -> {e}" for s, e in steps] + [f"Check: {len(steps)} operations done, result {val}."]
    medium = [", ".join(s[0] for s, _ in steps)]
    return Item("expr", difficulty, q, str(val), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
