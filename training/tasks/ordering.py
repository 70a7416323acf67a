"""Comparison of two numbers and sorting a list.

compare, high: digit counts, then digits compared from the left until the first difference.
sort, high: selection sort, one scan per pick with the running minimum (or maximum) written after each element,
then the remaining list rewritten (local copying).
medium: the picks of the high trace without their scans (sort; grouping by digit count scored no better than
low), or only the digit counts (compare).
"""
from .common import Item, maybe_json, rand_digits

COMPARE_DIGITS = {1: (2, 3), 2: (3, 5), 3: (5, 7), 4: (6, 8), 5: (9, 11), 6: (11, 13)}
SORT_SIZE = {1: (3, 4), 2: (4, 5), 3: (5, 6), 4: (6, 7), 5: (8, 9), 6: (10, 11)}
SORT_DIGITS = {1: (1, 2), 2: (1, 3), 3: (2, 4), 4: (2, 4), 5: (2, 5), 6: (3, 5)}


def make_compare(rng, difficulty):
    lo, hi = COMPARE_DIGITS[difficulty]
    n = rng.randint(lo, hi)
    a = rand_digits(rng, n)
    if rng.random() < 0.7:  # share a prefix so that the first difference is deep
        s = list(str(a))
        k = rng.randint(1, n - 1)
        s[k] = str((int(s[k]) + rng.randint(1, 9)) % 10)
        b = int("".join(s))
    else:
        b = rand_digits(rng, rng.randint(max(1, n - 1), n))
    if a == b:
        b += 1
    if rng.random() < 0.5:
        a, b = b, a
    larger = rng.random() < 0.6
    word = "larger" if larger else "smaller"
    q = rng.choice(["Which is {w}: {a} or {b}?", "Which number is {w}, {a} or {b}?",
                    "Of {a} and {b}, which is {w}?"]).format(w=word, a=a, b=b)
    return maybe_json(rng, compare_item(a, b, larger, difficulty, q), 0.05)


def compare_item(a, b, larger, difficulty, q):
    """The larger (or smaller) of a and b, asked as q."""
    word = "larger" if larger else "smaller"
    ans = max(a, b) if larger else min(a, b)
    sa, sb = str(a), str(b)
    high = [f"{a} has {len(sa)} digits, {b} has {len(sb)} digits."]
    medium = list(high)
    if len(sa) != len(sb):
        high.append(f"{max(a, b)} has more digits, so it is larger.")
    else:
        cmp = []
        for k, (x, y) in enumerate(zip(sa, sb)):  # #k labels the position, so each pair is a lookup, not a count
            if x == y:
                cmp.append(f"#{k + 1} {x}={y}")
            else:
                cmp.append(f"#{k + 1} {x}{'<' if x < y else '>'}{y}")
                break
        high.append("From the left: " + " ".join(cmp))
        high.append(f"So {max(a, b)} is larger.")
        medium.append(f"{max(a, b)} is larger.")
    high.append(f"Check: {min(a, b)}<{max(a, b)}. The {word} is {ans}.")
    return Item("compare", difficulty, q, str(ans), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


def make_sort(rng, difficulty):
    n = rng.randint(*SORT_SIZE[difficulty])
    lo, hi = SORT_DIGITS[difficulty]
    base = rand_digits(rng, hi)
    nums = []
    while len(nums) < n:
        if rng.random() < 0.4 and hi >= 2:  # near-duplicates force real comparisons
            x = base + rng.randint(-60, 60)
        else:
            x = rand_digits(rng, rng.randint(lo, hi))
        if x >= 0 and x not in nums:
            nums.append(x)
    desc = rng.random() < 0.3
    order = "descending" if desc else "ascending"
    lst = ", ".join(map(str, nums))
    q = rng.choice(["Sort these numbers in {o} order: {l}.", "Put in {o} order: {l}.",
                    "Arrange {l} in {o} order."]).format(o=order, l=lst)
    return sort_item(nums, desc, difficulty, q)


def sort_item(nums, desc, difficulty, q):
    """nums sorted (descending when desc), asked as q."""
    ans = sorted(nums, reverse=desc)
    pick = "largest" if desc else "smallest"
    # each pick scans the remaining list left to right writing the running best, so every number written
    # compares only the previous one with the next list element (picking the minimum at once was not learnt).
    # Numbers are zero-padded to one width in the scans, so comparing two is reading aligned digits from the left
    # (unpadded, 4186 vs 8853 vs 61 needed the lengths compared first, and the shipped model often did not).
    width = max(len(str(x)) for x in nums)
    pad = lambda xs: " ".join(f"{x:0{width}d}" for x in xs)  # noqa: E731
    high, rest = [f"Width {width}: " + pad(nums)], list(nums)
    medium = list(high)  # the same picks, each found in the head instead of by a written scan
    better = max if desc else min
    while len(rest) > 1:
        run, best = [], rest[0]
        for x in rest:
            best = better(best, x)
            run.append(best)
        rest.remove(best)
        high.append("scan: " + pad(run) + f" -> {pick} {best}")
        high.append("left: " + pad(rest))
        medium.append(f"{pick} {best}, left: " + pad(rest))
    high.append(f"last: {rest[0]}")
    medium.append(f"last: {rest[0]}")
    high.append(f"Check: {len(nums)} numbers given, {len(ans)} placed.")
    answer = ", ".join(map(str, ans))
    return Item("sort", difficulty, q, answer, {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
