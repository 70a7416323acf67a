"""Multi-digit addition, subtraction and multiplication with digit-aligned, least-significant-first traces.

low: no thinking. medium: column sums / partial products as whole numbers (carries done "in the head").
high: one line per column with its carry (`#k x+y+c=s`; a subtraction column `#k x-y-b=r`, then `+10=d` when r is
negative), result read back from the lines, a units check.
"""
from .common import Item, digits_lsd, maybe_json, rand_digits, sub_column

ADD_DIGITS = {1: (2, 3), 2: (3, 4), 3: (4, 5), 4: (5, 6), 5: (7, 8), 6: (8, 9)}
MUL_DIGITS = {1: [(2, 1), (3, 1)], 2: [(3, 2), (2, 2)], 3: [(4, 2), (3, 3)], 4: [(4, 3)],
              5: [(5, 3), (4, 4)], 6: [(5, 4), (6, 3)]}


def _operands(rng, difficulty):
    lo, hi = ADD_DIGITS[difficulty]
    a = rand_digits(rng, rng.randint(lo, hi))
    b = rand_digits(rng, rng.randint(max(1, lo - 1), hi))
    return a, b


def column_add_lines(rows: list[int], width: int) -> tuple[list[str], int]:
    """`#k d1+d2+...+carry=s` for each column, least significant first; returns lines and the total."""
    lines, carry = [], 0
    digit_rows = [digits_lsd(r, width) for r in rows]
    for k in range(width):
        ds = [dr[k] for dr in digit_rows]
        s = sum(ds) + carry
        lines.append(f"#{k + 1} " + "+".join(str(d) for d in ds) + f"+{carry}={s}")
        carry = s // 10
    return lines, sum(rows)


def make_add(rng, difficulty):
    a, b = _operands(rng, difficulty)
    if rng.random() < 0.5:
        a, b = b, a
    q = rng.choice(["What is {a} + {b}?", "Compute {a} + {b}.", "Calculate {a} plus {b}.",
                    "{a} + {b} = ?", "Add {a} and {b}."]).format(a=a, b=b)
    return maybe_json(rng, add_item(a, b, difficulty, q))


def add_item(a, b, difficulty, q):
    """a + b asked as q."""
    width = max(len(str(a)), len(str(b)))
    lines, total = column_add_lines([a, b], width)
    col_sums = [x + y for x, y in zip(digits_lsd(a, width), digits_lsd(b, width))]
    high = [f"{a:0{width}d}+{b:0{width}d}"] + lines + [
        f"Result: {total}",
        f"Check: {a % 10}+{b % 10} ends in {(a + b) % 10}, the result ends in {total % 10}."]
    medium = [f"{a:0{width}d}+{b:0{width}d}",
              "Column sums from the right: " + " ".join(map(str, col_sums)), f"Result: {total}"]
    return Item("add", difficulty, q, str(total), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


def make_sub(rng, difficulty):
    a, b = _operands(rng, difficulty)
    if rng.random() < 0.7 and a < b:
        a, b = b, a
    q = rng.choice(["What is {a} - {b}?", "Compute {a} - {b}.", "Calculate {a} minus {b}.",
                    "{a} - {b} = ?", "Subtract {b} from {a}."]).format(a=a, b=b)
    return maybe_json(rng, sub_item(a, b, difficulty, q))


def sub_item(a, b, difficulty, q):
    """a - b asked as q (a may be the smaller: the result is negative)."""
    x, y, sign, pre = a, b, "", []
    if a < b:
        x, y, sign = b, a, "-"
        pre = [f"{b} is larger than {a}, so compute {b}-{a} and negate."]
    width = len(str(x))
    xd, yd = digits_lsd(x, width), digits_lsd(y, width)
    lines, borrow, out = [], 0, []
    for k in range(width):
        text, d, borrow = sub_column(xd[k], yd[k], borrow)
        lines.append(f"#{k + 1} {text}")
        out.append(d)
    diff = x - y
    result = f"{sign}{diff}"
    high = pre + [f"{x:0{width}d}-{y:0{width}d}"] + lines + [
        f"Result: {result}",
        f"Check: {diff % 10}+{y % 10} ends in {x % 10}."]
    medium = pre + [f"{x:0{width}d}-{y:0{width}d}",
                    "Column differences from the right: " + " ".join(str(p - r) for p, r in zip(xd, yd)),
                    f"Result: {result}"]
    return Item("sub", difficulty, q, result, {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})


def mul_trace(a: int, b: int) -> tuple[list[str], list[str]]:
    """(high lines, medium lines) for a*b: rows digit by digit with carries, then column sums."""
    ad = digits_lsd(a, len(str(a)))
    rows, high, medium = [], [f"{a}*{b}"], [f"{a}*{b}"]
    for i, d in enumerate(digits_lsd(b, len(str(b)))):
        place = d * 10 ** i
        label = str(place) if d else "0" * (i + 1)
        row = a * place
        rows.append(row)
        medium.append(f"{a}*{label}={row}")
        if d == 0:
            high.append(f"{label}: 0")
            continue
        steps, carry = [], 0
        for x in ad:
            p = x * d + carry
            steps.append(f"{x}*{d}+{carry}={p}")
            carry = p // 10
        high.append(f"{label}: " + " ".join(steps) + f" -> {row}")
    total = a * b
    if len(rows) > 1:
        width = max(len(str(r)) for r in rows)
        high.append("Add: " + "+".join(f"{r:0{width}d}" for r in rows))
        lines, _ = column_add_lines(rows, width)
        high += lines
        medium.append("Sum: " + "+".join(map(str, rows)) + f"={total}")
    return high, medium


def make_mul(rng, difficulty):
    na, nb = rng.choice(MUL_DIGITS[difficulty])
    a, b = rand_digits(rng, na), rand_digits(rng, nb)
    if nb == 1:
        b = rng.randint(2, 9)
    q = rng.choice(["What is {a} * {b}?", "Compute {a} * {b}.", "Calculate {a} times {b}.",
                    "Multiply {a} by {b}.", "{a} x {b} = ?"]).format(a=a, b=b)
    return maybe_json(rng, mul_item(a, b, difficulty, q))


def mul_item(a, b, difficulty, q):
    """a * b asked as q."""
    high, medium = mul_trace(a, b)
    total = a * b
    high += [f"Result: {total}", f"Check: {a % 10}*{b % 10} ends in {(a * b) % 10}, the result ends in {total % 10}."]
    medium.append(f"Result: {total}")
    return Item("mul", difficulty, q, str(total), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
