"""Shared pieces of every task family: the Item record, answer formatting and the exact checker.

An Item is one question with three reasoning traces (low / medium / high effort) and one canonical
answer. Every family keeps each emitted trace token dependent on a few nearby tokens (see
docs/NANO-MODEL.md): digits aligned, least-significant first, carries written out.
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

    def final_text(self) -> str:
        if self.json_key is not None:
            return json.dumps({self.json_key: json_value(self.expected)})
        return "Answer: " + self.expected

    def completion(self, effort: str) -> str:
        return "<think>\n" + self.thinking[effort] + "\n</think>\n\n" + self.final_text()


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
