"""Long division with remainder and GCD / LCM.

division, high: one quotient digit per line (`#k 48=6*7+6`: remainder so far followed by the next digit),
the quotient read top to bottom, then a check q*d+r. medium: two digits per line.
gcd, high: Euclid's algorithm one line per step (multiples of a two-digit divisor listed first); lcm from a*b/gcd. medium: the remainders only.
"""
import math

from .common import Item, division_lines, maybe_json, multiples_line, op_text, rand_digits
from .modular import digit_division


def euclid_step(x: int, y: int) -> list[str]:
    """One step of Euclid's algorithm, `x=q*y+r`, with the quotient looked up in the multiples of y when y has
    two or more digits (up to the first one above x); a quotient of two or more digits is a long division."""
    if x >= 10 * y:
        lines, r = division_lines(x, y)
        return [f"{x} mod {y}:"] + lines + [f"{x}={x // y}*{y}+{r}"]
    q, r = divmod(x, y)
    return ([multiples_line(y, x)] if y >= 10 else []) + [f"{x}={q}*{y}+{r}"]

DIV_DIGITS = {1: (2, 3), 2: (3, 4), 3: (4, 5), 4: (5, 6), 5: (7, 8), 6: (9, 10)}
DIVISORS = {1: (2, 9), 2: (2, 9), 3: (3, 19), 4: (6, 25), 5: (6, 25), 6: (11, 30)}
GCD_DIGITS = {1: 2, 2: 2, 3: 3, 4: 3, 5: 4, 6: 5}


def make_div(rng, difficulty):
    n = rand_digits(rng, rng.randint(*DIV_DIGITS[difficulty]))
    d = rng.randint(*DIVISORS[difficulty])
    question = rng.choice(["Divide {n} by {d}. Give the quotient and remainder.",
                           "What is {n} divided by {d}, with remainder?",
                           "Compute {n} / {d} as quotient and remainder."]).format(n=n, d=d)
    return div_item(n, d, difficulty, question)


def div_item(n, d, difficulty, question):
    """n divided by d with remainder, asked as question."""
    q, r = divmod(n, d)
    hl, _ = digit_division(n, d)
    ml, _ = digit_division(n, d, 2)
    answer = f"{q} remainder {r}"
    high = [f"{n} / {d}, one digit at a time:"] + hl + [f"Quotient {q}, remainder {r}.",
                                                        f"Check: {r}<{d}."]
    medium = [f"{n} / {d}, two digits at a time:"] + ml + [f"Quotient {q}, remainder {r}."]
    return Item("div", difficulty, question, answer, {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


def make_gcd(rng, difficulty):
    nd = GCD_DIGITS[difficulty]
    g = rng.randint(1, 10 ** (nd - 1))
    a = g * rng.randint(2, max(3, 10 ** nd // g // 2))
    b = g * rng.randint(2, max(3, 10 ** nd // g // 2))
    if a == b:
        b += g
    a, b = max(a, b), min(a, b)
    want_lcm = rng.random() < 0.35
    what = "least common multiple" if want_lcm else "greatest common divisor"
    question = rng.choice(["What is the {w} of {a} and {b}?", "Find the {w} of {a} and {b}."]).format(
        w=what, a=a, b=b)
    return maybe_json(rng, gcd_item(a, b, want_lcm, difficulty, question), 0.05)


def gcd_item(a, b, want_lcm, difficulty, question):
    """The gcd (or lcm) of a > b, asked as question."""
    x, y, high, rems = a, b, [f"Euclid on {a} and {b}:"], []
    while y:
        q, r = divmod(x, y)
        high += euclid_step(x, y)
        rems.append(str(r))
        x, y = y, r
    gcd = x
    medium = [f"Remainders: {' '.join(rems)}", f"gcd={gcd}"]
    high.append(f"gcd={gcd}")
    ans = gcd
    if want_lcm:
        ans = a * b // gcd
        step = [f"lcm={a}/{gcd}*{b}", op_text(a, "/", gcd, a // gcd), op_text(a // gcd, "*", b, ans), f"lcm={ans}"]
        high += step
        medium += step
    high.append("Check: the last remainder is 0.")
    assert gcd == math.gcd(a, b)
    return Item("gcd", difficulty, question, str(ans), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
