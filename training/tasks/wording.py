"""Plain phrasings: one task asked in many people's words, with whole templates held out for the suites.

A `Wording` is one kind of question (addition, a percentage of a number, a speed word problem, ...): how to draw its
values, the canonical form the trace restates (`17 * 23`), how to build the item with its traces, and templates
("What's {a} times {b}?"). Every `HELDOUT_EVERY`-th template of a wording is held out: `nano-phrasing` is drawn from
those and training never sees them, so the suite measures phrasings no training template produces (checked in
`training/tests/test_phrasing.py` by matching every held-out question against every training template).

Medium and high traces start with `Question: <canonical form>`, then the family's usual steps; low answers directly.
Decorations (politeness, lower case, a dropped question mark, a typo) apply to both splits.
"""
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from .common import Item
from .frames import variants
from .numbers import NUMBER_PATTERN, NUMBER_WORDS, pick_style, spoken

HELDOUT_EVERY = 5  # templates 4, 9, 14, ... of each wording are held out
MAX_TRACE_CHARS = 620  # about 560 tokens at worst (1.1 characters a token): under the high budget of 640 with a restatement
SPLITS = ("train", "heldout")

PREFIXES = ["Please, ", "Hey, ", "Hi! ", "Quick question: ", "Could you help me? ", "Hello. ", "Can you tell me: ",
            "Hmm, ", "Help me out: ", "OK so ", "Excuse me, ", "I have a question. "]
SUFFIXES = [" Thanks!", " Thank you.", " please", " thx", " :)", " Thanks in advance.", " Please and thank you.",
            " I'm stuck.", " (homework)", " Cheers!"]
LIST_JOINS = [", ", " ", "; ", ",", " , "]


@dataclass
class Wording:
    """One kind of question in plain words."""
    task: str                                   # the family label of its items (the suites' `task`)
    name: str                                   # unique among wordings: the kind of question
    templates: list[str]
    draw: Callable                              # (rng, difficulty) -> values (a dict)
    canonical: Callable                         # values -> the question restated, e.g. "17 * 23"
    build: Callable                             # (values, difficulty, question) -> Item with the family's traces
    vocab: dict = field(default_factory=dict)   # field -> the words it may be (names, things, units, ...)
    fields: Callable | None = None              # (rng, values, style) -> extra rendered fields
    fits: Callable | None = None                # (template, values) -> whether the template can ask these values
    changeable: tuple = ()                      # values a follow-up may replace ("what about 25 instead of 23?")
    patterns: dict = field(default_factory=dict)  # field -> regex of what it may be (for the held-out test)
    words: bool = True                          # whether its numbers may be written in words (not in formulas)

    def split(self, split: str) -> list[tuple[int, str]]:
        """(index, template) of a split; the training split ends with the frame variants (indices past
        `templates`)."""
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        want = split == "heldout"
        own = [(i, t) for i, t in enumerate(self.templates) if (i % HELDOUT_EVERY == HELDOUT_EVERY - 1) == want]
        if want:
            return own
        return own + [(len(self.templates) + j, v) for j, v in enumerate(self.variants)]

    @cached_property
    def variants(self) -> list[str]:
        """Training-only frame variants of the training templates (`frames.py`)."""
        own = [t for i, t in enumerate(self.templates) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1]
        held = [t for i, t in enumerate(self.templates) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]
        return variants(own, held)

    def template(self, index: int) -> str:
        """A template by its index in `split` (hand-written, or a frame variant past them)."""
        return self.templates[index] if index < len(self.templates) else self.variants[index - len(self.templates)]


def render_list(rng, numbers, style) -> str:
    """A list as people type it: commas, spaces, semicolons, brackets, "and" before the last."""
    parts = [spoken(rng, n, style) for n in numbers]
    r = rng.random()
    if style == "words" or r < 0.25:
        return ", ".join(parts[:-1]) + rng.choice([" and ", ", and "]) + parts[-1]
    if style == "commas":  # thousands separators and a comma between items do not mix
        return rng.choice(["; ", " "]).join(parts)
    text = rng.choice(LIST_JOINS).join(parts)
    return "[" + text + "]" if r > 0.85 else text


def _rendered(rng, wording, values, style):
    out = {}
    for k, v in values.items():
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            out[k] = spoken(rng, v, style)
        elif isinstance(v, list) and v and all(isinstance(x, int) for x in v):
            out[k] = render_list(rng, v, style)
        elif isinstance(v, str):
            out[k] = v
    for k, choices in wording.vocab.items():
        if k not in out:
            out[k] = rng.choice(choices)
    if wording.fields:
        out.update(wording.fields(rng, values, style))
    return out


def numbers_in(values) -> list:
    out = []
    for v in values.values():
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            out.append(v)
        elif isinstance(v, list) and all(isinstance(x, int) for x in v):
            out.extend(v)
    return out


def restate(item: Item, canonical: str, lead: str = "") -> Item:
    """Medium and high traces start with the question in canonical form (after `lead` lines, e.g. a follow-up's
    `Previous answer: 391`); low stays empty."""
    head = (lead + "\n" if lead else "") + "Question: " + canonical
    for effort in ("medium", "high"):
        item.thinking[effort] = head + ("\n" + item.thinking[effort] if item.thinking[effort] else "")
    return item


def draw_values(rng, wording: Wording, difficulty: int) -> dict:
    """Values whose high trace fits the thinking budget with room to spare (long draws are drawn again)."""
    for _ in range(50):
        values = wording.draw(rng, difficulty)
        if len(wording.build(values, difficulty, "").thinking["high"]) <= MAX_TRACE_CHARS:
            return values
    raise ValueError(f"{wording.name}: no values with a short enough trace at difficulty {difficulty}")


def plain_item(rng, wording: Wording, difficulty: int, split: str = "train", values=None, framed=True) -> Item:
    """One question of this wording in a template of the split (values drawn unless given). In training, half the
    questions take a frame variant of a template (`framed=False`: hand-written templates only, as the follow-up
    suites' opening questions do)."""
    values = values if values is not None else draw_values(rng, wording, difficulty)
    templates = wording.split(split)
    if split == "train" and framed:
        own = len(wording.split("train")) - len(wording.variants)
        templates = templates[own:] if rng.random() < 0.5 else templates[:own]
    elif split == "train":
        templates = templates[:len(templates) - len(wording.variants)]
    templates = [(i, t) for i, t in templates if not wording.fits or wording.fits(t, values)]
    index, template = rng.choice(templates)
    style = pick_style(rng, numbers_in(values)) if wording.words else "digits"
    fields = _rendered(rng, wording, values, style)
    core = re.sub(r"([a-z])%", r"\1 percent", template.format(**fields))  # "fifteen%" reads "fifteen percent"
    keep = {w for k, v in fields.items() if k in wording.vocab or not isinstance(values.get(k), int)
            for w in re.findall(r"[A-Za-z]+", str(v))}
    question = decorate(rng, core, keep)
    item = wording.build(values, difficulty, question)
    item.task = wording.task
    item.extra.update(template=f"{wording.name}:{index}", core=core, values=values, wording=wording.name)
    return restate(item, wording.canonical(values))


def decorate(rng, text: str, keep=frozenset()) -> str:
    """People's ways of typing: politeness, lower case, no closing mark, a typo (never in a number, in quoted or
    code text, or in the words of `keep`, whose letters the question may be about)."""
    if rng.random() < 0.12:
        text = typo(rng, text, keep)
    r = rng.random()
    if r < 0.12:
        text = rng.choice(PREFIXES) + text[0].lower() + text[1:]
    elif r < 0.2:
        text = text + rng.choice(SUFFIXES)
    r = rng.random()
    if r < 0.12 and "```" not in text:
        text = text.lower()
    elif r < 0.2 and text[-1] in "?.":
        text = text[:-1]
    return text


def typo(rng, text: str, keep=frozenset()) -> str:
    """One slip in one ordinary word: two letters swapped, one dropped or one doubled."""
    protected = [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"|\'[^\']*\'|```[\s\S]*?```', text)]
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)
             if m.group().lower() not in NUMBER_WORDS and m.group() not in keep and m.group().lower() not in keep
             and not any(a <= m.start() < b for a, b in protected)]
    if not words:
        return text
    m = rng.choice(words)
    w = m.group()
    i = rng.randint(1, len(w) - 2)
    kind = rng.random()
    if kind < 0.4:
        w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    elif kind < 0.7:
        w = w[:i] + w[i + 1:]
    else:
        w = w[:i] + w[i] + w[i:]
    return text[:m.start()] + w + text[m.end():]


def template_pattern(wording: Wording, template: str) -> re.Pattern:
    """A regex matching every question the template can produce before decoration (numbers in any style, lists in any
    format, vocabulary fields as their words, other fields as any text)."""
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out += _literal(template[pos:m.start()])
        name = m.group(1)
        if name in wording.patterns:
            out += "(?:" + wording.patterns[name] + ")"
        elif name in wording.vocab:
            out += "(?:" + "|".join(re.escape(v) for v in wording.vocab[name]) + ")"
        elif name in NUMBER_FIELDS:
            out += NUMBER_PATTERN
        elif name in LIST_FIELDS:
            out += r"\[?" + NUMBER_PATTERN + r"(?:(?:, and |, | and |; | , |,| )" + NUMBER_PATTERN + r")+\]?"
        else:
            out += r"[\s\S]+?"
        pos = m.end()
    out += _literal(template[pos:])
    return re.compile(out, re.I)


def _literal(text):
    return re.escape(text).replace("%", "(?:%| percent)")  # plain_item writes a percent sign after words as a word


# Field names that hold one number or a list of numbers in every wording (the others are vocabulary or free text).
NUMBER_FIELDS = {"a", "b", "c", "d", "k", "m", "n", "p", "r", "t", "v", "f", "i", "x", "y", "base", "part", "whole",
                 "count", "price", "total", "dist", "speed", "time", "amount", "mass", "acc", "dens", "vol", "num1",
                 "den1", "num2", "den2"}
LIST_FIELDS = {"nums"}
