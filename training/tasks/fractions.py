"""Fractions (sum/difference in lowest terms) and percentages.

fraction, high: the gcd of the denominators by Euclid, the lcm from it, each numerator scaled, combined, then the
gcd of the result and the reduction; every multi-digit operation shows its digit work in brackets (`op_text`), since
the shipped model's one-shot lcm, products and gcds were wrong nine times in ten.
percent, high: p% written as a reduced fraction m/k, the base divided by k digit by digit, then multiplied by m.
"""
import math

from .common import Item, coarse, maybe_json, op_text
from .division import euclid_step

DEN = {1: 6, 2: 9, 3: 12, 4: 16, 5: 30, 6: 50}


def gcd_lines(a: int, b: int) -> tuple[list[str], int]:
    """`gcd(a, b):` then Euclid's steps on the larger and the smaller; returns (lines, gcd)."""
    x, y = max(a, b), min(a, b)
    lines = [f"gcd({a}, {b}):"]
    while y:
        lines += euclid_step(x, y)
        x, y = y, x % y
    lines.append(f"gcd = {x}")
    return lines, x


def make_fraction(rng, difficulty):
    if rng.random() < 0.4:
        return _percent(rng, difficulty)
    lim = DEN[difficulty]
    b, d = rng.randint(2, lim), rng.randint(2, lim)
    a, c = rng.randint(1, b * 2), rng.randint(1, d * 2)
    op = rng.choice("+-")
    question = rng.choice(["What is {a}/{b} {o} {c}/{d}? Give the answer in lowest terms.",
                           "Compute {a}/{b} {o} {c}/{d} as a reduced fraction."]).format(a=a, b=b, c=c, d=d, o=op)
    return fraction_item(a, b, op, c, d, difficulty, question)


def fraction_item(a, b, op, c, d, difficulty, question):
    """a/b op c/d in lowest terms, asked as question."""
    high = []
    if b == d:
        l, g0 = b, b
        high.append(f"Same denominator {b}.")
    else:
        lines, g0 = gcd_lines(b, d)
        l = b * d // g0
        high += lines
        high.append(f"lcm = {b}/{g0}*{d}")
        if g0 > 1:
            high.append(op_text(b, "/", g0, b // g0))
        high.append(op_text(b // g0, "*", d, l))
    n1, n2 = a * (l // b), c * (l // d)
    for num, den, scaled in ((a, b, n1), (c, d, n2)):
        high.append(f"{num}/{den} = {num}/{l}" if den == l else
                    f"{num}/{den} = {num}*{l // den}/{l}: " + op_text(num, "*", l // den, scaled))
    n = n1 + n2 if op == "+" else n1 - n2
    high.append(op_text(n1, op, n2, n) + f", so {n}/{l}")
    if n == 0:
        ans = "0"
        high.append("The result is 0.")
    else:
        lines, g = gcd_lines(abs(n), l)
        high += lines
        rn, rd = n // g, l // g
        ans = str(rn) if rd == 1 else f"{rn}/{rd}"
        if g > 1:
            high += [op_text(n, "/", g, rn) if n > 0 else f"-({op_text(-n, '/', g, -rn)})", op_text(l, "/", g, rd)]
        high.append(f"Result: {ans}")
    high.append(f"Check: {ans} has no common factor left.")
    medium = coarse(high)
    return Item("fraction", difficulty, question, ans, {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


def _percent(rng, difficulty):
    p = rng.choice([5, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 80, 90, 120, 150])
    k = 100 // math.gcd(p, 100)  # p% = m/k
    base = rng.randint(1, 10 ** min(difficulty + 1, 5)) * k  # p% of base is an integer
    question = rng.choice(["What is {p}% of {b}?", "Compute {p} percent of {b}.",
                           "Find {p}% of {b}."]).format(p=p, b=base)
    return maybe_json(rng, percent_item(p, base, difficulty, question), 0.05)


def percent_item(p, base, difficulty, question):
    """p% of base (an integer), asked as question."""
    g = math.gcd(p, 100)
    m, k = p // g, 100 // g
    val = base * p // 100
    part = base // k
    high = [f"{p}% = {p}/100 = {m}/{k}"]
    high.append(op_text(base, "/", k, part) if k > 1 else f"{base}/1 = {base}")
    high.append(op_text(part, "*", m, val) if m > 1 else f"{part}*1 = {val}")
    high.append(f"Check: {p}% of {base} is {val}.")
    medium = coarse(high)
    return Item("fraction", difficulty, question, str(val), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
