"""Fractions (sum/difference in lowest terms) and percentages.

fraction, high: lcm of the denominators, each numerator scaled, combined, then reduced by the gcd.
percent, high: a*p computed, then divided by 100 (answers are integers by construction).
"""
import math

from .common import Item, maybe_json

DEN = {1: 6, 2: 9, 3: 12, 4: 16, 5: 30, 6: 50}


def make_fraction(rng, difficulty):
    if rng.random() < 0.4:
        return _percent(rng, difficulty)
    lim = DEN[difficulty]
    b, d = rng.randint(2, lim), rng.randint(2, lim)
    a, c = rng.randint(1, b * 2), rng.randint(1, d * 2)
    op = rng.choice("+-")
    question = rng.choice(["What is {a}/{b} {o} {c}/{d}? Give the answer in lowest terms.",
                           "Compute {a}/{b} {o} {c}/{d} as a reduced fraction."]).format(a=a, b=b, c=c, d=d, o=op)
    l = b * d // math.gcd(b, d)
    n1, n2 = a * (l // b), c * (l // d)
    n = n1 + n2 if op == "+" else n1 - n2
    g = math.gcd(abs(n), l)
    rn, rd = n // g, l // g
    ans = str(rn) if rd == 1 else f"{rn}/{rd}"
    high = [f"lcm({b}, {d}) = {l}", f"{a}/{b} = {a}*{l // b}/{l} = {n1}/{l}", f"{c}/{d} = {c}*{l // d}/{l} = {n2}/{l}",
            f"{n1} {op} {n2} = {n}, so {n}/{l}", f"gcd({abs(n)}, {l}) = {g}: {n}/{l} = {ans}",
            f"Check: {ans} has no common factor left."]
    medium = [f"common denominator {l}: {n1}/{l} {op} {n2}/{l} = {n}/{l}", f"reduced: {ans}"]
    item = Item("fraction", difficulty, question, ans, {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
    return item


def _percent(rng, difficulty):
    p = rng.choice([5, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50, 60, 75, 80, 90, 120, 150])
    base = rng.randint(1, 10 ** min(difficulty + 1, 5))
    unit = 100 // math.gcd(p, 100)
    base = base * unit  # p% of base is an integer
    val = base * p // 100
    question = rng.choice(["What is {p}% of {b}?", "Compute {p} percent of {b}.",
                           "Find {p}% of {b}."]).format(p=p, b=base)
    high = [f"{p}% of {base} = {base}*{p}/100", f"{base}*{p} = {base * p}", f"{base * p}/100 = {val}",
            f"Check: {val}*100 = {val * 100} = {base}*{p}."]
    medium = [f"{base}*{p}/100 = {val}"]
    item = Item("fraction", difficulty, question, str(val), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
    return maybe_json(rng, item, 0.05)
