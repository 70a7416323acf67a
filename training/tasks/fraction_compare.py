"""Comparing two fractions or two decimals, in people's words ("Which is larger, 3/4 or 5/7?").

fractions, high: cross-multiply (`3*7 = 21`, `5*4 = 20`, each with its digit work), compare the products, name the
fraction. decimals, high: pad both to one number of decimal places, then compare digits from the left as the compare
family does. medium: the products or the padded numbers, and the verdict. The answer is the fraction or decimal as
asked (`3/4`, `0.7`).
"""
import math

from .common import Item, coarse, op_text
from .plain_order import LARGER, SMALLER
from .wording import Wording


def fractions_item(a, b, c, d, larger, difficulty, q):
    """The larger (or smaller) of a/b and c/d (not equal), asked as q."""
    left, right = a * d, c * b
    first_bigger = left > right
    pick_first = first_bigger == larger
    answer = f"{a}/{b}" if pick_first else f"{c}/{d}"
    word = "larger" if larger else "smaller"
    high = [f"{a}/{b} vs {c}/{d}: cross-multiply", op_text(a, "*", d, left), op_text(c, "*", b, right),
            f"{left} {'>' if first_bigger else '<'} {right}, so {a}/{b} is {'larger' if first_bigger else 'smaller'}.",
            f"Check: the {word} is {answer}."]
    return Item("fraccmp", difficulty, q, answer, {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


def decimals_item(x, y, larger, difficulty, q):
    """The larger (or smaller) of two decimals given as text ("0.7", "0.65"), asked as q."""
    places = max(len(s.split(".")[1]) for s in (x, y))
    whole = max(len(s.split(".")[0]) for s in (x, y))
    pad = [s.split(".")[0].rjust(whole, "0") + "." + s.split(".")[1].ljust(places, "0") for s in (x, y)]
    steps = []
    for p, r in zip(pad[0].replace(".", ""), pad[1].replace(".", "")):
        if p == r:
            steps.append(f"{p}={r}")
        else:
            steps.append(f"{p}{'<' if p < r else '>'}{r}")
            break
    first_bigger = pad[0] > pad[1]
    answer = x if first_bigger == larger else y
    high = [f"{x} vs {y}, padded: {pad[0]} and {pad[1]}", "From the left: " + " ".join(steps),
            f"So {x} is {'larger' if first_bigger else 'smaller'}.",
            f"Check: the {'larger' if larger else 'smaller'} is {answer}."]
    medium = [high[0], high[2]]
    return Item("fraccmp", difficulty, q, answer, {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


FRACTIONS = [
    "Which is {w}, {f1} or {f2}?",
    "Is {f1} or {f2} {w}?",
    "Which fraction is {w}: {f1} or {f2}?",
    "{f1} or {f2}, which is {w}?",
    "Compare {f1} and {f2}. Which one is {w}?",
    "Which is the {w} fraction, {f1} or {f2}?",
    "Tell me which is {w}: {f1} or {f2}.",
    "which is {w} {f1} or {f2}",
    "Between {f1} and {f2}, which is {w}?",
    "Out of {f1} and {f2}, which fraction is {w}?",
    "{f1} vs {f2}: which is {w}?",
    "Which would be {w}, {f1} of a pizza or {f2} of a pizza?",
    "Pick the {w} one: {f1} or {f2}",
    "Can you tell me which is {w}, {f1} or {f2}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Looking at {f1} and {f2}, which is {w}?",
    "{f1} vs {f2}, which one is {w}?",
    "Is {f1} {w} than {f2}, or is {f2}?",
    "Compare the fractions {f1} and {f2}: which is {w}?",
    "Which is {w}: {f1} or {f2}?",
    "Tell me the {w} of {f1} and {f2}.",
    "Of {f1} and {f2}, which is {w}?",
    "Which one is {w}, {f1} or {f2}?",
]
DECIMALS = [
    "Which is {w}, {x} or {y}?",
    "Is {x} or {y} {w}?",
    "Which decimal is {w}: {x} or {y}?",
    "{x} or {y}, which is {w}?",
    "Compare {x} and {y}. Which one is {w}?",
    "Which number is {w}, {x} or {y}?",
    "Tell me which is {w}: {x} or {y}.",
    "which is {w} {x} or {y}",
    "Between {x} and {y}, which is {w}?",
    "Which is the {w} number: {x} or {y}?",
    "{x} vs {y}: which is {w}?",
    "Pick the {w}: {x} or {y}",
    "Of {x} and {y}, which one is {w}?",
    "Can you tell me which is {w}, {x} or {y}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Looking at {x} and {y}, which is {w}?",
    "{x} vs {y}, which one is {w}?",
    "Compare {x} with {y}: which is {w}?",
    "Which is {w}: {x} or {y}?",
    "Tell me the {w} of {x} and {y}.",
    "Two prices, {x} and {y}: which one is {w}?",
    "Is {x} or {y} the {w} number?",
    "{x} and {y}: which is {w}?",
]


def _fraction_values(rng, difficulty):
    lim = {1: 6, 2: 9, 3: 12, 4: 20}[difficulty]
    while True:
        b, d = rng.randint(2, lim), rng.randint(2, lim)
        a, c = rng.randint(1, b - 1), rng.randint(1, d - 1)
        if a * d != c * b and math.gcd(a, b) == 1 and math.gcd(c, d) == 1:
            return {"num1": a, "den1": b, "num2": c, "den2": d, "larger": rng.random() < 0.65}


def _decimal_text(rng, places):
    whole = rng.choice([0, 0, 0, 1, 2, 3, 5, 12])
    frac = rng.randint(1, 10 ** places - 1)
    text = f"{whole}.{frac:0{places}d}".rstrip("0")
    return text if not text.endswith(".") else text + "5"


def _decimal_values(rng, difficulty):
    while True:
        x = _decimal_text(rng, rng.randint(1, min(1 + difficulty, 4)))
        if rng.random() < 0.6:  # a near neighbour: the same first digits, often fewer of them ("0.7" vs "0.65")
            y = _decimal_text(rng, rng.randint(1, min(1 + difficulty, 4)))
            y = x.split(".")[0] + "." + y.split(".")[1]
        else:
            y = _decimal_text(rng, rng.randint(1, min(1 + difficulty, 4)))
        if float(x) != float(y):
            return {"x": x, "y": y, "larger": rng.random() < 0.65}


def _fraction_fields(rng, values, style):
    sep = rng.choice(["/", "/", " / "])
    return {"f1": f"{values['num1']}{sep}{values['den1']}", "f2": f"{values['num2']}{sep}{values['den2']}",
            "w": rng.choice(LARGER if values["larger"] else SMALLER)}


def _decimal_fields(rng, values, style):
    return {"w": rng.choice(LARGER if values["larger"] else SMALLER)}


def _which(v):
    return "larger" if v["larger"] else "smaller"


WHICH = "|".join(LARGER + SMALLER)
WORDINGS = [
    Wording("fraccmp", "fraction_compare", FRACTIONS, _fraction_values,
            lambda v: f"which is {_which(v)}, {v['num1']}/{v['den1']} or {v['num2']}/{v['den2']}",
            lambda v, d, q: fractions_item(v["num1"], v["den1"], v["num2"], v["den2"], v["larger"], d, q),
            fields=_fraction_fields, patterns={"f1": r"\d+ ?/ ?\d+", "f2": r"\d+ ?/ ?\d+", "w": WHICH}),
    Wording("fraccmp", "decimal_compare", DECIMALS, _decimal_values,
            lambda v: f"which is {_which(v)}, {v['x']} or {v['y']}",
            lambda v, d, q: decimals_item(v["x"], v["y"], v["larger"], d, q), fields=_decimal_fields,
            patterns={"x": r"\d+\.\d+", "y": r"\d+\.\d+", "w": WHICH}),
]
