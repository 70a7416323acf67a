"""Primality, prime factors and divisors, in people's words.

is prime, high: the primes to try (those whose square is at most n, the first square above n written out), then each
trial as a long division until one leaves remainder 0. factors, high: divide by the smallest prime that goes in,
again and again; a prime left over once the trial prime's square passes it. divisors, high: every d up to the square
root, with its partner n/d when d divides n. medium: the same steps without the digit work. Answers: `yes`/`no`,
`2 * 2 * 3 * 7`, `1, 2, 3, 4, 6, 9, 12, 18, 36`.
"""
from .common import Item, coarse, division_lines
from .wording import Wording

PRIMES = [p for p in range(2, 200) if all(p % q for q in range(2, int(p ** 0.5) + 1))]
PRIME_LIMIT = {1: 50, 2: 120, 3: 300, 4: 700}


def is_prime(n: int) -> bool:
    return n >= 2 and all(n % p for p in PRIMES if p * p <= n)


def trial(n: int, p: int) -> tuple[str, int]:
    """`91 / 7: 9=1*7+2 21=3*7+0 -> 13 r0`: one trial division with its digit work; returns (line, remainder)."""
    lines, r = division_lines(n, p)
    return f"{n} / {p}: [{' '.join(lines)}] -> {n // p} r{r}", r


def _square_stop(n: int, primes: list[int]) -> str:
    nxt = next(p for p in PRIMES if p * p > n)
    return f"Primes to try: {' '.join(map(str, primes))} ({nxt}*{nxt} = {nxt * nxt} > {n})"


def prime_item(n, difficulty, q):
    """Whether n is prime, asked as q."""
    primes = [p for p in PRIMES if p * p <= n]
    high = [_square_stop(n, primes)]
    answer = "yes"
    for p in primes:
        line, r = trial(n, p)
        high.append(line)
        if r == 0:
            high.append(f"{p} divides {n}: {n} = {p} * {n // p}, so {n} is not prime.")
            answer = "no"
            break
    else:
        high.append(f"No prime up to {primes[-1] if primes else 1} divides {n}, so {n} is prime.")
    high.append(f"Check: {answer}.")
    return Item("prime", difficulty, q, answer, {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


def factor_item(n, difficulty, q):
    """The prime factors of n (smallest first, repeated), asked as q."""
    high, factors, cur, i = [], [], n, 0
    while PRIMES[i] * PRIMES[i] <= cur:
        p = PRIMES[i]
        line, r = trial(cur, p)
        high.append(line)
        if r == 0:
            factors.append(p)
            cur //= p
        else:
            i += 1
    if cur > 1:
        nxt = PRIMES[i]
        high.append(f"{cur} is prime ({nxt}*{nxt} = {nxt * nxt} > {cur})")
        factors.append(cur)
    answer = " * ".join(map(str, factors))
    high.append(f"Factors: {answer}")
    high.append(f"Check: {len(factors)} primes.")
    return Item("prime", difficulty, q, answer, {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


def divisors_item(n, difficulty, q):
    """All divisors of n in increasing order, asked as q."""
    high, small, large, d = [], [], [], 1
    while d * d <= n:
        if d == 1:
            high.append(f"1 and {n}")
            small.append(1)
            if n > 1:
                large.append(n)
        else:
            line, r = trial(n, d)
            if r == 0:
                small.append(d)
                if d * d != n:
                    large.append(n // d)
                line += f": {d} and {n // d}" if d * d != n else f": {d}"
            high.append(line)
        d += 1
    divs = small + large[::-1]
    answer = ", ".join(map(str, divs))
    high.append(f"Divisors: {answer}")
    high.append(f"Check: {len(divs)} divisors.")
    return Item("prime", difficulty, q, answer, {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


IS_PRIME = [
    "Is {n} a prime number?",
    "Is {n} prime?",
    "is {n} prime or not",
    "Can you tell me if {n} is prime?",
    "Check whether {n} is a prime.",
    "Is the number {n} prime?",
    "{n}: prime or composite?",
    "Tell me if {n} is a prime number.",
    "Is {n} a prime?",
    "Would you say {n} is prime?",
    "Determine whether {n} is prime.",
    "Prime check: {n}",
    "Is {n} divisible only by 1 and itself?",
    "Quick one: is {n} prime?",
    "Does {n} have any divisors other than 1 and itself?",
    "Is {n} a prime number or not?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Is {n} a prime or not?",
    "Tell me whether {n} is prime.",
    "{n} - prime?",
    "Is {n} prime? Yes or no.",
    "Can {n} be divided by anything except 1 and itself?",
    "Is the number {n} a prime number?",
    "prime or not: {n}",
    "Check if {n} is prime.",
]
FACTORS = [
    "What are the prime factors of {n}?",
    "Factor {n} into primes.",
    "Prime factorization of {n}?",
    "Break {n} into its prime factors.",
    "What is {n} as a product of primes?",
    "Can you factorize {n}?",
    "factorise {n}",
    "Find the prime factors of {n}.",
    "Write {n} as a product of prime numbers.",
    "What primes multiply to give {n}?",
    "Give me the prime factorization of {n}.",
    "List the prime factors of {n}, with repeats.",
    "Decompose {n} into prime factors.",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's the prime factorization of {n}?",
    "Which primes make up {n}?",
    "Prime factors of {n}, please.",
    "Split {n} into prime factors.",
    "What prime numbers multiply to {n}?",
    "Find the prime factorization of {n}.",
    "{n} as a product of primes?",
    "Give the prime factors of {n}.",
]
DIVISORS = [
    "What are the factors of {n}?",
    "List all the divisors of {n}.",
    "Which numbers divide {n} evenly?",
    "Find every factor of {n}.",
    "What numbers go into {n} exactly?",
    "Give me all the divisors of {n}.",
    "factors of {n}?",
    "What are all the numbers that divide {n}?",
    "Can you list the factors of {n}?",
    "Name all positive divisors of {n}.",
    "What divides {n} with no remainder?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What are the divisors of {n}?",
    "List every factor of {n}.",
    "Find all the factors of {n}.",
    "Which numbers divide {n} exactly?",
    "Name every number that goes into {n}.",
    "What are all the factors of {n}?",
    "Factors of {n}, please.",
    "List the positive divisors of {n}.",
    "What can {n} be divided by without a remainder?",
    "Show all divisors of {n}.",
]


def _prime_values(rng, difficulty):
    limit = PRIME_LIMIT[difficulty]
    if rng.random() < 0.45:
        return {"n": rng.choice([p for p in PRIMES + _more_primes(limit) if 5 <= p <= limit])}
    while True:  # composites whose smallest factor is not always 2: 91, 119, 221 are the interesting ones
        n = rng.randint(10, limit)
        if not is_prime(n) and (n % 2 or rng.random() < 0.3):
            return {"n": n}


def _more_primes(limit):
    return [n for n in range(200, limit + 1) if is_prime(n)]


def _factor_values(rng, difficulty):
    limit = PRIME_LIMIT[difficulty]
    while True:
        n = rng.randint(12, limit)
        cur = n
        for p in PRIMES:
            while cur % p == 0:
                cur //= p
        if cur == 1 and not is_prime(n):  # every prime factor below 200: a trace of a few trials
            return {"n": n}


WORDINGS = [
    Wording("prime", "is_prime", IS_PRIME, _prime_values, lambda v: f"is {v['n']} prime",
            lambda v, d, q: prime_item(v["n"], d, q), changeable=("n",)),
    Wording("prime", "factors", FACTORS, _factor_values, lambda v: f"prime factors of {v['n']}",
            lambda v, d, q: factor_item(v["n"], d, q), changeable=("n",)),
    Wording("prime", "divisors", DIVISORS, lambda rng, d: {"n": rng.randint(6, {1: 30, 2: 50, 3: 80, 4: 100}[d])},
            lambda v: f"divisors of {v['n']}", lambda v, d, q: divisors_item(v["n"], d, q), changeable=("n",)),
]
