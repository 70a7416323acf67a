"""Copying from the context: repeat names, look up a key, pick a function by its description.

Tool calls fail when the model cannot copy a name it has never seen (measured: 0 of 32 tool names right,
even made-up names from the training distribution). These short questions give induction — find a
span earlier in the context and repeat what follows — a dense training signal on arbitrary identifiers. Every copy
keeps the tokenization of its source: a word after a space is copied after a space, a name inside JSON quotes is
copied inside JSON quotes (the two split into different BPE tokens).
"""
import json

from .common import Item
from .tools import DOMAINS, PARAMS, VERBS, _invented

DESCRIPTIONS = ["Add two integers.", "Multiply two integers.", "Latest price of a stock.",
                "Current weather for a city.", "Population of a country.", "Look up a user by id.",
                "Distance in km between two cities.", "Convert money between currencies."]
ASKS = {"Add two integers.": "adds two integers", "Multiply two integers.": "multiplies two integers",
        "Latest price of a stock.": "gives the price of a stock", "Current weather for a city.": "reports the weather",
        "Population of a country.": "gives a population", "Look up a user by id.": "looks up a user",
        "Distance in km between two cities.": "measures a distance",
        "Convert money between currencies.": "converts currencies"}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def identifier(rng):
    """A name of one to three parts: made-up syllables, random letters or training-pool words."""
    parts = []
    for _ in range(rng.choice([1, 2, 2, 3])):
        r = rng.random()
        if r < 0.4:
            parts.append(_invented(rng))
        elif r < 0.75:
            parts.append("".join(rng.choice(_LETTERS) for _ in range(rng.randint(2, 8))))
        else:
            pools = rng.choice([VERBS, *DOMAINS.values(), *PARAMS.values()])
            parts.append(rng.choice(pools[0]))
    if len(parts) > 1 and rng.random() < 0.25:
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    return "_".join(parts)


def _distinct(rng, n):
    names = []
    while len(names) < n:
        name = identifier(rng)
        if name not in names:
            names.append(name)
    return names


def _repeat(rng, d):
    names = _distinct(rng, rng.randint(1, d + 1))
    text = " ".join(names)
    q = rng.choice([f"Repeat exactly: {text}", f"Copy this text: {text}", f"Write back these names: {text}"])
    return q, text, {"low": "", "medium": f"Copy {len(names)} names.", "high": "Names: " + " ".join(names) + "."}


def _lookup(rng, d):
    keys = _distinct(rng, rng.randint(2, d + 2))
    values = [str(rng.randint(0, 10 ** rng.randint(1, 4))) if rng.random() < 0.6 else identifier(rng) for _ in keys]
    j = rng.randrange(len(keys))
    sep = rng.choice([" = ", ": "])
    table = ", ".join(k + sep + v for k, v in zip(keys, values))
    q = rng.choice([f"Table: {table}. What is {keys[j]}?", f"Given {table}, what is the value of {keys[j]}?"])
    return q, values[j], {"low": "", "medium": f"{keys[j]}{sep}{values[j]}.",
                          "high": f"Find {keys[j]}. {keys[j]}{sep}{values[j]}."}


def _declared(rng, d):
    """Names inside JSON declarations, copied into JSON: the token sequence a tool call repeats."""
    descs = rng.sample(DESCRIPTIONS, min(len(DESCRIPTIONS), rng.randint(2, d + 2)))
    names = _distinct(rng, len(descs))
    j = rng.randrange(len(descs))
    listing = ", ".join(json.dumps({"name": n, "description": ds}) for n, ds in zip(names, descs))
    q = f"Declared: [{listing}]. Which one {ASKS[descs[j]]}? Reply with its name."
    return q, json.dumps(names[j]), {"low": "", "medium": f"{json.dumps(names[j])}.",
                         "high": "Names: " + ", ".join(json.dumps(n) for n in names) + f'. {descs[j]} That is {json.dumps(names[j])}.'}


def _pick(rng, d):
    descs = rng.sample(DESCRIPTIONS, min(len(DESCRIPTIONS), rng.randint(2, d + 2)))
    names = _distinct(rng, len(descs))
    j = rng.randrange(len(descs))
    listing = "; ".join(f"{n}: {ds}" for n, ds in zip(names, descs))
    q = f"Functions: {listing} Which function {ASKS[descs[j]]}? Reply with its name."
    return q, names[j], {"low": "", "medium": f"{descs[j]} {names[j]}.",
                         "high": "Functions: " + ", ".join(names) + f". {descs[j]} That is {names[j]}."}


def make_copy(rng, difficulty):
    form = rng.choice([_repeat, _lookup, _lookup, _pick, _declared, _declared])
    q, answer, thinking = form(rng, difficulty)
    return Item("copy", difficulty, q, answer, thinking)
