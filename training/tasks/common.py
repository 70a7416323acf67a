"""Shared pieces of every task family: the Item record, answer formatting and the exact checker.

An Item is one question with three reasoning traces (low / medium / high effort) and one canonical
answer. Every family keeps each emitted trace token dependent on a few nearby tokens (see
the trace formats in training/README.md): digits aligned, least-significant first, carries written out.
"""
import json
import re
from dataclasses import dataclass, field

EFFORTS = ("low", "medium", "high")


@dataclass
class Item:
    task: str
    difficulty: int
    question: str
    expected: str                       # canonical answer text (what follows "Answer: ")
    thinking: dict                      # effort -> thinking text (may be "")
    json_key: str | None = None         # when set, the answer must be a JSON object {json_key: value}
    extra: dict = field(default_factory=dict)
    reply: str | None = None            # a reply that is not an answer (chat, a decline, a refusal)
    history: list = field(default_factory=list)  # earlier turns of the conversation, before `question`

    def final_text(self) -> str:
        if self.reply is not None:
            return self.reply
        if self.json_key is not None:
            return json.dumps({self.json_key: json_value(self.expected)})
        return "Answer: " + self.expected

    def completion(self, effort: str) -> str:
        return "<think>\n" + self.thinking[effort] + "\n</think>\n\n" + self.final_text()

    def messages(self) -> list[dict]:
        """The conversation the model answers: earlier turns, then the question."""
        return self.history + [{"role": "user", "content": self.question}]


def json_value(text: str):
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


JSON_KEYS = ["answer", "result", "value", "output", "solution"]


def maybe_json(rng, item: Item, prob: float = 0.08) -> Item:
    """With probability prob, ask for a JSON object answer instead of the Answer: line."""
    if rng.random() < prob:
        key = rng.choice(JSON_KEYS)
        item.json_key = key
        item.question += rng.choice([
            f' Reply only with a JSON object like {{"{key}": ...}}.',
            f' Respond with JSON only, using the key "{key}".',
            f' Give the answer as a JSON object with the field "{key}".',
        ])
    return item


def extract_answer(content: str) -> str | None:
    """The final answer from an assistant message (reasoning removed): the last 'Answer:' line,
    or the single value of a JSON object."""
    if "</think>" in content:
        content = content.split("</think>")[-1]
    content = content.strip()
    m = re.findall(r"Answer:\s*(.+)", content)
    if m:
        return m[-1].strip()
    try:
        obj = json.loads(content)
    except ValueError:
        return None
    if isinstance(obj, dict) and len(obj) == 1:
        return str(next(iter(obj.values())))
    return None


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().rstrip(".")).lower()


def check(expected: str, content: str) -> bool:
    got = extract_answer(content)
    return got is not None and normalize(got) == normalize(expected)


def digits_lsd(n: int, width: int) -> list[int]:
    """Decimal digits of n, least significant first, zero padded to width."""
    return [(n // 10 ** i) % 10 for i in range(width)]


def rand_digits(rng, ndigits: int) -> int:
    if ndigits <= 1:
        return rng.randint(0, 9)
    return rng.randint(10 ** (ndigits - 1), 10 ** ndigits - 1)


def sub_column(x: int, y: int, borrow: int) -> tuple[str, int, int]:
    """One column of a subtraction: `x-y-b=r` with r possibly negative, then `+10=d` when it is.

    The sign comes out of the same three-digit lookup as a sum `x+y+c=s` does, so no token has to
    foresee a borrow before the digits are written (writing `1x-...` first needed that look-ahead).
    Returns (text, digit, next borrow).
    """
    r = x - y - borrow
    if r < 0:
        return f"{x}-{y}-{borrow}={r}+10={r + 10} b1", r + 10, 1
    return f"{x}-{y}-{borrow}={r} b0", r, 0


def _add_steps(a: int, b: int) -> str:
    width = max(len(str(a)), len(str(b)))
    ad, bd, carry, steps = digits_lsd(a, width), digits_lsd(b, width), 0, []
    for x, y in zip(ad, bd):
        s = x + y + carry
        steps.append(f"{x}+{y}+{carry}={s}")
        carry = s // 10
    return " ".join(steps)


def _sub_steps(a: int, b: int) -> str:
    """a - b for a >= b >= 0, column by column."""
    width = len(str(a))
    ad, bd, borrow, steps = digits_lsd(a, width), digits_lsd(b, width), 0, []
    for x, y in zip(ad, bd):
        text, _, borrow = sub_column(x, y, borrow)
        steps.append(text)
    return " ".join(steps)


def _mul_steps(a: int, d: int) -> str:
    """a * d for a single digit d: `x*d+carry=p` per digit of a."""
    carry, steps = 0, []
    for x in digits_lsd(a, len(str(a))):
        p = x * d + carry
        steps.append(f"{x}*{d}+{carry}={p}")
        carry = p // 10
    return " ".join(steps)


def inline_steps(a: int, op: str, b: int) -> str | None:
    """The digit-level work behind `a op b` for traces that do one operation per line (expressions,
    programs), or None when the operation is a single-digit fact. Signs are handled on the
    magnitudes: the unsigned operation is named first (`72-15:`), then its columns; the caller writes
    the signed result after it."""
    if op in "+-":
        neg_b = (b < 0) != (op == "-")           # a op b == a + (-b) when neg_b
        x, y = abs(a), abs(b)
        if min(x, y) < 10:  # a one-digit step (13 + 5, 26 + 9) is a fact plus a carry; columns would only add length
            return None
        if (a < 0) == neg_b:                      # same signs: magnitudes add
            return f"{x}+{y}: " + _add_steps(x, y)
        hi, lo = max(x, y), min(x, y)
        return f"{hi}-{lo}: " + _sub_steps(hi, lo)
    x, y = abs(a), abs(b)
    if op == "*":
        if max(x, y) < 10 or min(x, y) == 0:
            return None
        big, small = max(x, y), min(x, y)
        if small < 10:
            return f"{big}*{small}: " + _mul_steps(big, small)
        rows = [big * (small % 10), big * (small // 10) * 10]
        return (f"{big}*{small}: {big}*{small % 10}: " + _mul_steps(big, small % 10) + f" -> {rows[0]}; "
                f"{big}*{small // 10 * 10}: " + _mul_steps(big, small // 10) + f" then 0 -> {rows[1]}; "
                f"{rows[0]}+{rows[1]}: " + _add_steps(rows[0], rows[1]))
    if op == "/":
        if x < 10 or (x < 100 and y < 10 and x // y < 10):
            return None
        lines, _ = division_lines(x, y)
        return f"{x}/{y}: " + " ".join(lines)
    raise ValueError(op)


def op_text(a: int, op: str, b: int, c: int) -> str:
    """`a op b = [work] c`: one operation with its digit-level work in brackets when it has any (see inline_steps),
    the form expressions and programs use, so every family computes a multi-digit step the same way."""
    work = inline_steps(a, op, b)
    b_text = f"({b})" if b < 0 else str(b)
    return f"{a} {op} {b_text} =" + (f" [{work}]" if work else "") + f" {c}"


def coarse(high: list[str]) -> list[str]:
    """The medium trace of a family whose high trace is one step per line: the same steps with each operation's
    digit work (`[...]`) and the final check left out, so medium does what high does with the arithmetic in the head.
    (A medium trace that skipped the steps too, `3x = 57`, `x = 19`, scored below low: it was a guess with extra
    tokens.)"""
    return [re.sub(r" \[[^\]]*\]", "", line) for line in high if not line.startswith("Check")]


def multiples_line(d: int, upto: int) -> str:
    """`x14: 14 28 42 56 ...`: the multiples of a divisor of two or more digits, each the previous plus d, up to the
    first one above `upto` (at most 9). A long-division step then looks its quotient digit up in this line instead
    of multiplying a two-digit divisor in the head (`55=4*14+1` was the commonest division error)."""
    out, k = [], 1
    while k <= 9:
        out.append(str(k * d))
        if k * d > upto:
            break
        k += 1
    return f"x{d}: " + " ".join(out)


def division_lines(n: int, d: int, chunk: int = 1) -> tuple[list[str], int]:
    """Long division of n >= 0 by d > 0, one digit (or chunk digits) at a time: `48=6*7+6`, the previous
    remainder followed by the next digit; a divisor of two or more digits gets its multiples line first.
    Returns (lines, remainder); the quotient is the q digits read top to bottom."""
    s, r, lines = str(n), 0, []
    for k in range(0, len(s), chunk):
        part = s[k:k + chunk]
        cur = int(str(r) + part) if r else int(part)
        q, r = divmod(cur, d)
        lines.append(f"{cur}={q}*{d}+{r}")
    if d >= 10 and chunk == 1:  # all nine: where to stop must not depend on dividends still to come
        lines.insert(0, multiples_line(d, 9 * d))
    return lines, r
