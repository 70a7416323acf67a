"""Linear equations, 2x2 systems, fractions and percentages of a number in people's words."""
import math

from .algebra import COEF, _nz, linear_equation, linear_item, system_equations, system_item
from .fractions import DEN, fraction_item, percent_item
from .plain_arithmetic import PEOPLE
from .wording import Wording

LINEAR = [
    "Solve {e}",
    "What is x if {e}?",
    "{e}, find x.",
    "x = ? if {e}",
    "Find the value of x: {e}",
    "Can you solve {e} for x?",
    "If {e}, what is x?",
    "solve for x {e}",
    "What value of x makes {e} true?",
    "Help me solve this equation: {e}",
    "Find x when {e}.",
    "{e}. What's x?",
    "Please solve the equation {e}.",
    "What does x equal in {e}?",
    "Work out x: {e}",
    "I need x in {e}.",
    # appended after the first issue-25 run (the held-out split above stays)
    "Solve this: {e}",
    "What's x in {e}?",
    "Find x: {e}",
    "Could you find x given that {e}?",
    "Given {e}, find x.",
    "x = ? when {e}",
    "{e}. Solve for x.",
    "What is the solution of {e}?",
]
SYSTEM = [
    "Solve {e1} and {e2}.",
    "Find x and y if {e1} and {e2}.",
    "{e1}; {e2}. What are x and y?",
    "Solve the equations {e1}, {e2}.",
    "What are x and y when {e1} and {e2}?",
    "Can you solve this system: {e1} and {e2}?",
    "x and y? {e1}, {e2}",
    "Find the solution of {e1} and {e2}.",
    "If {e1} and {e2}, what are x and y?",
    "Solve for x and y: {e1}; {e2}",
    "Solve simultaneously: {e1}, {e2}.",
    # appended after the first issue-25 run (the held-out split above stays)
    "Solve for x and y: {e1} and {e2}.",
    "Find x and y given {e1} and {e2}.",
    "{e1} and {e2}: what are x and y?",
    "What are x and y if {e1}; {e2}?",
    "Solve the pair {e1}, {e2}.",
    "Given {e1} and {e2}, find x and y.",
    "x, y = ? when {e1} and {e2}",
    "Work out x and y: {e1}, {e2}",
    "Two equations, {e1} and {e2}: give x and y.",
    "Help me solve {e1} and {e2}.",
]
FRACTION_ADD = [
    "What's {f1} plus {f2}?",
    "{f1} + {f2} = ?",
    "Add {f1} and {f2}.",
    "{f1} + {f2}",
    "What is {f1} added to {f2}, in lowest terms?",
    "Can you add the fractions {f1} and {f2}?",
    "Sum of {f1} and {f2}?",
    "What do {f1} and {f2} add up to?",
    "Simplify {f1} + {f2}.",
    "What is the sum of {f1} and {f2} as a fraction?",
    "{f1} plus {f2} equals?",
    "Work out {f1} + {f2}, simplified.",
    "Calculate {f1} + {f2}.",
    "How much is {f1} + {f2}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Put {f1} and {f2} together: what fraction is that?",
    "{f1} plus {f2} in lowest terms?",
    "What's {f1} + {f2} simplified?",
    "Find {f1} + {f2}.",
    "Sum {f1} and {f2}.",
    "Give me {f1} + {f2} as a reduced fraction.",
    "What does {f1} + {f2} come to?",
    "{f1} + {f2} is what fraction?",
]
FRACTION_SUB = [
    "What's {f1} minus {f2}?",
    "{f1} - {f2} = ?",
    "Subtract {f2} from {f1}.",
    "{f1} - {f2}",
    "What is {f1} take away {f2}, in lowest terms?",
    "Can you subtract the fraction {f2} from {f1}?",
    "Difference of {f1} and {f2}?",
    "Simplify {f1} - {f2}.",
    "What is {f1} minus {f2} as a fraction?",
    "How much is {f2} less than {f1}?",
    "Work out {f1} - {f2}, simplified.",
    "Calculate {f1} minus {f2}.",
    # appended after the first issue-25 run (the held-out split above stays)
    "Subtract the fractions: {f1} - {f2}.",
    "{f1} minus {f2} in lowest terms?",
    "Start with {f1} and remove {f2}. What fraction is left?",
    "Find {f1} - {f2}.",
    "Take {f2} away from {f1}.",
    "Give me {f1} - {f2} as a reduced fraction.",
    "What does {f1} - {f2} come to?",
    "{f1} - {f2} is what fraction?",
    "Difference {f1} - {f2}?",
    "How much is {f1} minus {f2}?",
]
PERCENT_OF = [
    "What's {p}% of {base}?",
    "{p} percent of {base}",
    "How much is {p}% of {base}?",
    "Calculate {p}% of {base}.",
    "Find {p} per cent of {base}.",
    "What is {p} percent of {base}?",
    "A bill is {base} dollars and the tip is {p}%. How much is the tip?",
    "{p}% of {base} = ?",
    "{name} got {p}% of {base} questions right. How many is that?",
    "What is {base} times {p}%?",
    "Whats {p}% of {base}",
    "Take {p} percent of {base}.",
    "What number is {p}% of {base}?",
    "{p}% of {base} is how much?",
    "A town of {base} people: {p}% of them ride bikes. How many people is that?",
    "If you have {base} and use {p}% of it, how much did you use?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Work out {p}% of {base}.",
    "{p} per cent of {base}?",
    "How much is {p} percent of {base}?",
    "Out of {base}, how much is {p}%?",
    "What's {p} percent of {base}?",
    "Give me {p}% of {base}.",
    "{name} saves {p}% of {base} dollars. How much is saved?",
    "Calculate {p} percent of {base}.",
]


def _linear_values(rng, difficulty):
    lim = COEF[difficulty]
    return {"a": _nz(rng, lim), "x": rng.randint(-lim, lim), "b": rng.randint(-lim * 5, lim * 5)}


def _linear_fields(rng, values, style):
    e = linear_equation(values["a"], values["x"], values["b"])
    r = rng.random()
    if r < 0.25:
        e = e.replace(" ", "")
    elif r < 0.35:
        e = e.replace("x", "*x") if not e.startswith(("x", "-x")) else e
    return {"e": e}


def _system_values(rng, difficulty):
    lim = min(COEF[difficulty], 9)
    while True:
        a1, b1, a2, b2 = (_nz(rng, lim) for _ in range(4))
        if a1 * b2 - a2 * b1:
            break
    return {"a1": a1, "b1": b1, "a2": a2, "b2": b2, "x": rng.randint(-9, 9), "y": rng.randint(-9, 9)}


def _system_fields(rng, values, style):
    e1, e2 = system_equations(*(values[k] for k in ("a1", "b1", "a2", "b2", "x", "y")))
    return {"e1": e1, "e2": e2}


def _fraction_values(op):
    def draw(rng, difficulty):
        lim = DEN[difficulty]
        b, d = rng.randint(2, lim), rng.randint(2, lim)
        return {"num1": rng.randint(1, b * 2), "den1": b, "num2": rng.randint(1, d * 2), "den2": d, "op": op}
    return draw


def _fraction_fields(rng, values, style):
    sep = rng.choice(["/", "/", " / "])
    return {"f1": f"{values['num1']}{sep}{values['den1']}", "f2": f"{values['num2']}{sep}{values['den2']}"}


def _percent_values(rng, difficulty):
    p = rng.choice([5, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80, 90, 150])
    k = 100 // math.gcd(p, 100)
    return {"p": p, "base": rng.randint(1, 10 ** min(difficulty, 3)) * k}


def _fraction_canonical(v):
    return f"{v['num1']}/{v['den1']} {v['op']} {v['num2']}/{v['den2']} in lowest terms"


EQUATION = r"[-\dxy+*= ]+"
FRACTION = r"\d+ ?/ ?\d+"
WORDINGS = [
    Wording("linear", "linear", LINEAR, _linear_values,
            lambda v: "solve " + linear_equation(v["a"], v["x"], v["b"]),
            lambda v, d, q: linear_item(v["a"], v["x"], v["b"], d, q), fields=_linear_fields,
            patterns={"e": EQUATION}),
    Wording("linear", "system", SYSTEM, _system_values,
            lambda v: "solve " + ", ".join(system_equations(*(v[k] for k in ("a1", "b1", "a2", "b2", "x", "y")))),
            lambda v, d, q: system_item(*(v[k] for k in ("a1", "b1", "a2", "b2", "x", "y")), d, q),
            fields=_system_fields, patterns={"e1": EQUATION, "e2": EQUATION}),
    Wording("fraction", "fraction_add", FRACTION_ADD, _fraction_values("+"), _fraction_canonical,
            lambda v, d, q: fraction_item(v["num1"], v["den1"], "+", v["num2"], v["den2"], d, q),
            fields=_fraction_fields, patterns={"f1": FRACTION, "f2": FRACTION}),
    Wording("fraction", "fraction_sub", FRACTION_SUB, _fraction_values("-"), _fraction_canonical,
            lambda v, d, q: fraction_item(v["num1"], v["den1"], "-", v["num2"], v["den2"], d, q),
            fields=_fraction_fields, patterns={"f1": FRACTION, "f2": FRACTION}),
    Wording("fraction", "percent_of", PERCENT_OF, _percent_values, lambda v: f"{v['p']}% of {v['base']}",
            lambda v, d, q: percent_item(v["p"], v["base"], d, q), {"name": PEOPLE}),
]
