"""Linear equations in one unknown and 2x2 systems, with a substitution check.

high: each rearrangement on its own line, every multi-digit operation with its digit work in brackets (`op_text`:
columns for sums and differences, long division for the unknown), then substitution back. The shipped model did
`110 - 60` and `105 / -11` in the head and got a third right.
medium: the same steps without the digit work and the check (`coarse`). Solutions are integers.
"""
from .common import Item, coarse, maybe_json, op_text

COEF = {1: 5, 2: 9, 3: 12, 4: 15, 5: 25, 6: 40}


def _nz(rng, lim):
    v = 0
    while v == 0:
        v = rng.randint(-lim, lim)
    return v


def _term(c, var, first=False):
    s = "" if abs(c) == 1 else str(abs(c))
    sign = ("-" if c < 0 else "") if first else (" - " if c < 0 else " + ")
    return f"{sign}{s}{var}"


def _const(c):
    return f" - {-c}" if c < 0 else f" + {c}"


def divide_signed(n: int, d: int) -> list[str]:
    """`x = n / d`: the sign from the two signs, then the magnitudes divided digit by digit."""
    q = n // d
    sign = "-" if (n < 0) != (d < 0) and n != 0 else "+"
    lines = [f"x = {n} / {d}" if d != 1 else f"x = {n}"]
    if d != 1 and abs(d) != 1:
        lines.append(f"sign {sign}: " + op_text(abs(n), "/", abs(d), abs(q)))
    elif d == -1:
        lines.append(f"sign {sign}: {abs(n)}")
    return lines


def _dedupe(lines):
    """Drops a line equal to the one before it (`x = 5` after `x = 5` when the coefficient is 1)."""
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def make_linear(rng, difficulty):
    lim = COEF[difficulty]
    if difficulty >= 3 and rng.random() < 0.5:
        return _system(rng, difficulty, lim)
    a, x, b = _nz(rng, lim), rng.randint(-lim, lim), rng.randint(-lim * 5, lim * 5)
    question = rng.choice(["Solve for x: {e}", "Find x if {e}.", "Solve {e}."]).format(e=linear_equation(a, x, b))
    return maybe_json(rng, linear_item(a, x, b, difficulty, question), 0.0)  # draws as before: the suites stay


def linear_equation(a, x, b):
    """`ax + b = c` as written in a question."""
    return f"{_term(a, 'x', True)}{_const(b) if b else ''} = {a * x + b}"


def linear_item(a, x, b, difficulty, question):
    """Solve a*x + b = c for x, asked as question."""
    c = a * x + b
    eq = linear_equation(a, x, b)
    rhs = c - b
    high = [eq]
    if b:
        high.append(f"{_term(a, 'x', True)} = {c} - ({b})" if b < 0 else f"{_term(a, 'x', True)} = {c} - {b}")
        high.append(op_text(c, "-", b, rhs))
    high.append(f"{_term(a, 'x', True)} = {rhs}")
    high += divide_signed(rhs, a)
    high.append(f"x = {x}")
    high = _dedupe(high)
    high.append(f"Check: {a}*({x}){_const(b) if b else ''} = {c}.")
    medium = coarse(high)
    return Item("linear", difficulty, question, f"x = {x}",
                {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


def _system(rng, difficulty, lim):
    lim = min(lim, 9)
    while True:
        a1, b1, a2, b2 = (_nz(rng, lim) for _ in range(4))
        det = a1 * b2 - a2 * b1
        if det != 0:
            break
    x, y = rng.randint(-9, 9), rng.randint(-9, 9)
    e1, e2 = system_equations(a1, b1, a2, b2, x, y)
    question = rng.choice(["Solve the system: {a}, {b}.", "Find x and y: {a} and {b}."]).format(a=e1, b=e2)
    return system_item(a1, b1, a2, b2, x, y, difficulty, question)


def system_equations(a1, b1, a2, b2, x, y):
    """The two equations `a1x + b1y = c1`, `a2x + b2y = c2` as written in a question."""
    return (f"{_term(a1, 'x', True)}{_term(b1, 'y')} = {a1 * x + b1 * y}",
            f"{_term(a2, 'x', True)}{_term(b2, 'y')} = {a2 * x + b2 * y}")


def system_item(a1, b1, a2, b2, x, y, difficulty, question):
    """Solve a 2x2 system by eliminating x, asked as question."""
    c1, c2 = a1 * x + b1 * y, a2 * x + b2 * y
    e1, e2 = system_equations(a1, b1, a2, b2, x, y)
    # eliminate x: multiply eq1 by a2 and eq2 by a1, subtract
    p1, p2 = [a2 * a1, a2 * b1, a2 * c1], [a1 * a2, a1 * b2, a1 * c2]
    yb, yc = p1[1] - p2[1], p1[2] - p2[2]
    high = [f"(1) {e1}", f"(2) {e2}",
            f"{a2}*(1): {p1[0]}x + {p1[1]}y = " + op_text(a2, "*", c1, p1[2]),
            f"{a1}*(2): {p2[0]}x + {p2[1]}y = " + op_text(a1, "*", c2, p2[2]),
            "subtract: y: " + op_text(p1[1], "-", p2[1], yb) + ", right: " + op_text(p1[2], "-", p2[2], yc),
            f"{yb}y = {yc}"]
    high += [line.replace("x = ", "y = ", 1) if line.startswith("x = ") else line for line in divide_signed(yc, yb)]
    high.append(f"y = {y}")
    rest = c1 - b1 * y
    high += [f"(1): {a1}x = {c1} - ({b1})*({y})", f"{b1}*({y}) = {b1 * y}", op_text(c1, "-", b1 * y, rest)]
    high.append(f"{a1}x = {rest}")
    high += divide_signed(rest, a1)
    high.append(f"x = {x}")
    high = _dedupe(high)
    high.append(f"Check (2): {a2}*({x}) + {b2}*({y}) = {a2 * x} + {b2 * y} = {c2}.")
    medium = coarse(high)
    return Item("linear", difficulty, question, f"x = {x}, y = {y}",
                {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
