"""Modular arithmetic: n mod m, (a*b) mod m and a^k mod m.

high: long division one digit at a time (`#k 48=6*7+6`: previous remainder followed by the next digit),
so every line needs only a two-digit number divided by a small modulus.
medium: two digits at a time (three-digit divisions in the head).
"""
from .common import Item, division_lines, maybe_json, multiples_line, op_text, rand_digits

MOD_DIGITS = {1: (2, 3), 2: (3, 4), 3: (4, 6), 4: (6, 7), 5: (8, 10), 6: (10, 12)}
MODULI = {1: (2, 9), 2: (3, 12), 3: (3, 13), 4: (6, 19), 5: (6, 19), 6: (11, 19)}
POW_EXP = {1: (2, 3), 2: (3, 4), 3: (4, 6), 4: (6, 8), 5: (9, 12), 6: (12, 16)}


def digit_division(n: int, m: int, chunk: int = 1) -> tuple[list[str], int]:
    return division_lines(n, m, chunk)


def make_mod(rng, difficulty):
    kind = rng.choices(["mod", "mulmod", "powmod"], [0.5, 0.25, 0.25])[0]
    m = rng.randint(*MODULI[difficulty])
    if kind == "mod":
        n = rand_digits(rng, rng.randint(*MOD_DIGITS[difficulty]))
        q = rng.choice(["What is {n} mod {m}?", "What is the remainder when {n} is divided by {m}?",
                        "Compute {n} modulo {m}.", "Find {n} mod {m}."]).format(n=n, m=m)
        item = mod_item(n, m, difficulty, q)
    elif kind == "mulmod":
        nd = max(2, MOD_DIGITS[difficulty][0] - 1)
        a, b = rand_digits(rng, nd), rand_digits(rng, rng.randint(2, nd))
        q = rng.choice(["What is ({a} * {b}) mod {m}?", "Compute {a} * {b} modulo {m}.",
                        "Find the remainder of {a} * {b} divided by {m}."]).format(a=a, b=b, m=m)
        item = mulmod_item(a, b, m, difficulty, q)
    else:
        a = rng.randint(2, 30)
        k = rng.randint(*POW_EXP[difficulty])
        q = rng.choice(["What is {a}^{k} mod {m}?", "Compute {a} to the power {k} modulo {m}.",
                        "Find the remainder of {a}^{k} divided by {m}."]).format(a=a, k=k, m=m)
        item = powmod_item(a, k, m, difficulty, q)
    return maybe_json(rng, item, 0.05)


def _mod_item(kind, difficulty, q, ans, high, medium):
    return Item("mod", difficulty, q, str(ans), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)},
                extra={"kind": kind})


def mod_item(n, m, difficulty, q):
    """n mod m, asked as q."""
    hl, r = digit_division(n, m)
    ml, _ = digit_division(n, m, 2)
    high = [f"{n} mod {m}, one digit at a time:"] + hl + [f"Check: {r}<{m}, remainder {r}."]
    medium = [f"{n} mod {m}, two digits at a time:"] + ml
    return _mod_item("mod", difficulty, q, r, high, medium)


def mulmod_item(a, b, m, difficulty, q):
    """(a * b) mod m, asked as q."""
    la, ra = digit_division(a, m)
    lb, rb = digit_division(b, m)
    p = ra * rb
    lp, ans = digit_division(p, m)
    high = [f"{a} mod {m}:"] + la + [f"{b} mod {m}:"] + lb + [op_text(ra, "*", rb, p), f"{p} mod {m}:"] + lp + [
        f"Check: {ans}<{m}, remainder {ans}."]
    medium = [f"{a} mod {m}={ra}", f"{b} mod {m}={rb}", f"{ra}*{rb}={p}", f"{p} mod {m}={ans}"]
    return _mod_item("mulmod", difficulty, q, ans, high, medium)


def powmod_item(a, k, m, difficulty, q):
    """a^k mod m, asked as q."""
    r0 = a % m
    # the multiples of the modulus once, then each power: the product with its digit work, then the remainder
    # by long division (digits looked up in the multiples line), instead of `12*7=84=6*13+6` in the head
    high = ([multiples_line(m, 9 * m)] if m >= 10 else []) + [f"{a} mod {m}={r0}"]
    medium = [f"{a} mod {m}={r0}"]
    x, coarse = r0, []
    for i in range(2, k + 1):
        p = x * r0
        if p < 10 * m:  # one quotient digit: a single lookup
            rest = f"{p}={p // m}*{m}+{p % m}"
        else:
            lines, _ = division_lines(p, m)
            rest = f"mod {m}: " + " ".join(line for line in lines if not line.startswith("x"))
        high.append(f"^{i}: " + op_text(x, "*", r0, p) + ", " + rest)
        x = p % m
        if i % 2 == 0 or i == k:
            coarse.append(f"^{i}={x}")
    medium.append(" ".join(coarse))
    high.append(f"Check: {x}<{m}, remainder {x}.")
    return _mod_item("powmod", difficulty, q, x, high, medium)
