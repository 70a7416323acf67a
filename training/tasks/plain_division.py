"""Remainders, modular arithmetic, division with remainder, GCD and LCM in people's words."""
from .common import rand_digits
from .division import DIVISORS, div_item, gcd_item
from .modular import MODULI, mod_item, mulmod_item, powmod_item
from .plain_arithmetic import PEOPLE, THINGS
from .wording import Wording

VOCAB = {"name": PEOPLE, "thing": THINGS}
PLAIN_DIGITS = {1: (2, 3), 2: (3, 3), 3: (3, 4), 4: (4, 5)}

MOD = [
    "What's the remainder of {n} divided by {m}?",
    "{n} mod {m}",
    "{n} % {m}",
    "What is {n} modulo {m}?",
    "When you divide {n} by {m}, what remainder do you get?",
    "remainder of {n} / {m}?",
    "{n} modulo {m} = ?",
    "Find the remainder when {m} goes into {n}.",
    "What's left over when {n} is divided by {m}?",
    "If {n} {thing} are shared equally among {m} kids, how many are left over?",
    "Calculate {n} mod {m}.",
    "What is the remainder when dividing {n} by {m}?",
    "{n} mod {m} equals?",
    "Tell me {n} modulo {m}.",
    "{name} packs {n} eggs into boxes of {m}. How many eggs are left over?",
    "What remainder does {n} leave when divided by {m}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What is the remainder of {n} / {m}?",
    "{n} mod {m} is?",
    "Find {n} modulo {m}.",
    "After dividing {n} by {m}, what is left?",
    "What's left when {m} divides {n}?",
    "Remainder when {n} is split into groups of {m}?",
    "Compute the remainder of {n} divided by {m}.",
    "{n} divided by {m} leaves what remainder?",
]
MULMOD = [
    "({a} × {b}) mod {m}",
    "What's the remainder when {a} times {b} is divided by {m}?",
    "{a}*{b} % {m}",
    "Find {a} times {b} modulo {m}.",
    "Compute the product of {a} and {b}, mod {m}.",
    "What is {a} * {b} mod {m}?",
    "({a} x {b}) modulo {m} = ?",
    "Multiply {a} by {b} and give the remainder mod {m}.",
    "Remainder of {a}·{b} divided by {m}?",
    "What do you get for {a} times {b}, modulo {m}?",
    "Tell me ({a} * {b}) mod {m}.",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's {a} × {b} modulo {m}?",
    "Find the remainder of {a} times {b} over {m}.",
    "({a}*{b}) % {m}",
    "Multiply {a} by {b}; what is the remainder after dividing by {m}?",
    "Give me {a} x {b} mod {m}.",
    "{a} times {b}, remainder mod {m}?",
    "Multiply {a} and {b}, then take mod {m}.",
    "What is ({a} * {b}) modulo {m}?",
    "Remainder of {a}*{b} by {m}?",
    "{a} * {b} (mod {m})?",
]
POWMOD = [
    "{a}^{k} mod {m}",
    "What is {a} to the power of {k}, modulo {m}?",
    "{a}**{k} % {m}",
    "Remainder of {a}^{k} divided by {m}?",
    "Find {a} raised to {k}, mod {m}.",
    "What's {a}^{k} modulo {m}?",
    "Compute {a} to the {k} mod {m}.",
    "pow({a}, {k}) mod {m}",
    "What remainder does {a}^{k} leave when divided by {m}?",
    "Calculate {a} to the power {k} and give the result mod {m}.",
    "{a}^{k} (mod {m}) = ?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's {a}^{k} mod {m}?",
    "Find {a}^{k} modulo {m}.",
    "{a} to the {k} modulo {m}?",
    "If you raise {a} to the power {k}, what is the remainder mod {m}?",
    "Give me {a} raised to the power {k}, mod {m}.",
    "What is pow({a}, {k}, {m})?",
    "Remainder of {a} to the power {k} divided by {m}?",
    "{a}^{k} % {m} = ?",
    "Take {a}^{k} mod {m}.",
    "Work out {a}^{k} mod {m}.",
]
DIV = [
    "What's {n} divided by {d}? Give the remainder too.",
    "{n} ÷ {d} with remainder",
    "Divide {n} by {d}, quotient and remainder please.",
    "How many times does {d} go into {n}, and what's left over?",
    "What is {n} / {d} (quotient and remainder)?",
    "{name} shares {n} {thing} equally among {d} friends. How many does each get, and how many are left?",
    "{n} divided by {d} = ? (with remainder)",
    "Can you divide {n} by {d} and tell me the remainder?",
    "What's the quotient and remainder of {n} ÷ {d}?",
    "Long division: {n} by {d}.",
    "Divide {n} by {d}. What are the quotient and the remainder?",
    "{n} / {d}, quotient and remainder?",
    "How many groups of {d} fit in {n}, and how many are left?",
    "Work out {n} divided by {d} with a remainder.",
    "Split {n} into groups of {d}: how many groups and how many left over?",
    "Integer division of {n} by {d}, with the remainder?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Divide {n} by {d} and give the remainder.",
    "{n} / {d} = ? remainder ?",
    "What do you get dividing {n} by {d}, with remainder?",
    "If I split {n} into {d} equal parts, how many in each and how many left over?",
    "How does {n} divide by {d}? Remainder too.",
    "Share {n} among {d}: each gets how many, and what's left?",
    "Quotient and remainder of {n} by {d}?",
    "Do {n} divided by {d} with remainder.",
]
GCD = [
    "What's the GCD of {a} and {b}?",
    "gcd({a}, {b})",
    "Find the greatest common factor of {a} and {b}.",
    "What is the highest common factor of {a} and {b}?",
    "What is the largest number that divides both {a} and {b}?",
    "greatest common divisor of {a} and {b}?",
    "Can you find the GCF of {a} and {b}?",
    "HCF of {a} and {b}",
    "What's the biggest number that goes into both {a} and {b}?",
    "Tell me the greatest common divisor of {a} and {b}.",
    "gcd of {a} and {b} = ?",
    "Find gcd({a}, {b}).",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's the greatest common factor of {a} and {b}?",
    "Find the GCD of {a} and {b}.",
    "Which is the largest factor that {a} and {b} share?",
    "What is the HCF of {a} and {b}?",
    "Greatest common divisor: {a} and {b}.",
    "Biggest common factor of {a} and {b}?",
    "Compute gcd({a}, {b}).",
    "What number is the GCD of {a} and {b}?",
    "Give me the greatest common divisor of {a} and {b}.",
    "GCD({a}, {b}) = ?",
]
LCM = [
    "What's the LCM of {a} and {b}?",
    "lcm({a}, {b})",
    "Find the least common multiple of {a} and {b}.",
    "What is the lowest common multiple of {a} and {b}?",
    "What is the smallest number that both {a} and {b} divide into?",
    "least common multiple of {a} and {b}?",
    "Can you find the LCM of {a} and {b}?",
    "LCM of {a} and {b} = ?",
    "What's the smallest positive number that is a multiple of both {a} and {b}?",
    "Tell me the least common multiple of {a} and {b}.",
    "Find lcm({a}, {b}).",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's the least common multiple of {a} and {b}?",
    "Find the LCM of {a} and {b}.",
    "lcm of {a}, {b}?",
    "Lowest common multiple: {a} and {b}.",
    "Smallest common multiple of {a} and {b}?",
    "Compute lcm({a}, {b}).",
    "What number is the LCM of {a} and {b}?",
    "Give me the least common multiple of {a} and {b}.",
    "What's the first number that is a multiple of both {a} and {b}?",
    "What is the smallest number divisible by both {a} and {b}?",
]


def _mod_values(rng, difficulty):
    lo, hi = PLAIN_DIGITS[difficulty]
    return {"n": rand_digits(rng, rng.randint(lo, hi)), "m": rng.randint(*MODULI[difficulty])}


def _mulmod_values(rng, difficulty):
    nd = 2 if difficulty < 3 else 3
    return {"a": rand_digits(rng, nd), "b": rand_digits(rng, rng.randint(2, nd)), "m": rng.randint(*MODULI[difficulty])}


def _powmod_values(rng, difficulty):
    return {"a": rng.randint(2, 20), "k": rng.randint(2, 3 + difficulty), "m": rng.randint(*MODULI[difficulty])}


def _div_values(rng, difficulty):
    lo, hi = PLAIN_DIGITS[difficulty]
    return {"n": rand_digits(rng, rng.randint(lo, hi)), "d": rng.randint(*DIVISORS[difficulty])}


def _gcd_values(rng, difficulty):
    nd = 2 if difficulty < 3 else 3
    g = rng.randint(1, 10 ** (nd - 1))
    a = g * rng.randint(2, max(3, 10 ** nd // g // 2))
    b = g * rng.randint(2, max(3, 10 ** nd // g // 2))
    if a == b:
        b += g
    return {"a": max(a, b), "b": min(a, b)}


WORDINGS = [
    Wording("mod", "mod", MOD, _mod_values, lambda v: f"{v['n']} mod {v['m']}",
            lambda v, d, q: mod_item(v["n"], v["m"], d, q), VOCAB, changeable=("n", "m")),
    Wording("mod", "mulmod", MULMOD, _mulmod_values, lambda v: f"({v['a']} * {v['b']}) mod {v['m']}",
            lambda v, d, q: mulmod_item(v["a"], v["b"], v["m"], d, q), changeable=("a", "b", "m"), words=False),
    Wording("mod", "powmod", POWMOD, _powmod_values, lambda v: f"{v['a']}^{v['k']} mod {v['m']}",
            lambda v, d, q: powmod_item(v["a"], v["k"], v["m"], d, q), changeable=("a", "m"), words=False),
    Wording("div", "div", DIV, _div_values, lambda v: f"{v['n']} / {v['d']} with remainder",
            lambda v, d, q: div_item(v["n"], v["d"], d, q), VOCAB, changeable=("n", "d")),
    Wording("gcd", "gcd", GCD, _gcd_values, lambda v: f"gcd({v['a']}, {v['b']})",
            lambda v, d, q: gcd_item(v["a"], v["b"], False, d, q)),
    Wording("gcd", "lcm", LCM, _gcd_values, lambda v: f"lcm({v['a']}, {v['b']})",
            lambda v, d, q: gcd_item(v["a"], v["b"], True, d, q)),
]
