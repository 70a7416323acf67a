"""Unit conversion both ways, in people's words: 5 km in metres (a product), 3000 m in kilometres (a division).

high: the factor (`1 km = 1000 m`), then the product or the quotient with its digit work (a power of ten appends or
drops zeros), then the result with its unit. medium: the same without the digit work. The answer is the number and the
unit's short name (`3 km`).
"""
from .common import Item, coarse, op_text
from .physics import CONVERSIONS, FACTOR, convert_item
from .wording import Wording

UNIT_CONVERSIONS = CONVERSIONS + [("years", "months", 12), ("hours", "seconds", 3600)]
FACTORS = {(a, b): f for a, b, f in UNIT_CONVERSIONS}
NAMES = {  # a unit's short name (in the trace and the answer) -> how people write it
    "km": ["km", "kilometers", "kilometres"], "m": ["m", "meters", "metres"], "cm": ["cm", "centimeters"],
    "mm": ["mm", "millimeters", "millimetres"], "kg": ["kg", "kilograms", "kilos"], "g": ["g", "grams"],
    "hours": ["hours", "hrs", "h"], "minutes": ["minutes", "mins", "min"], "seconds": ["seconds", "secs", "s"],
    "days": ["days"], "weeks": ["weeks"], "liters": ["liters", "litres", "L"],
    "milliliters": ["milliliters", "millilitres", "ml", "mL"], "feet": ["feet", "ft"], "inches": ["inches"],
    "yards": ["yards", "yd"], "kilobytes": ["kilobytes", "KB"], "bytes": ["bytes"], "years": ["years"],
    "months": ["months"],
}
ALL_NAMES = sorted({n for names in NAMES.values() for n in names}, key=len, reverse=True)

TEMPLATES = [
    "How many {to} are in {v} {frm}?",
    "Convert {v} {frm} to {to}.",
    "{v} {frm} = ? {to}",
    "What is {v} {frm} in {to}?",
    "Express {v} {frm} in {to}.",
    "{v} {frm} is how many {to}?",
    "Change {v} {frm} into {to}, please.",
    "how many {to} is {v} {frm}",
    "Can you convert {v} {frm} into {to}?",
    "My recipe says {v} {frm}. What is that in {to}?",
    "{v} {frm} in {to}?",
    "What's {v} {frm} when written in {to}?",
    "Turn {v} {frm} into {to}.",
    "How many {to} make {v} {frm}?",
    "A rope is {v} {frm} long. How long is it in {to}?",
    "Please convert {v} {frm} into {to}",
    "{v} {frm} equals how many {to}?",
    "What do {v} {frm} come to in {to}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Convert {v} {frm} into {to}.",
    "If something measures {v} {frm}, what is it in {to}?",
    "{v} {frm} to {to}?",
    "How many {to} in {v} {frm}?",
    "Change {v} {frm} to {to}.",
    "{v} {frm} equals how many {to}, please?",
    "What would {v} {frm} be in {to}?",
]


def _divide(n, f):
    if f in (10, 100, 1000):
        return f"{n} / {f}: drop {str(f)[1:]} -> {n // f}"
    return op_text(n, "/", f, n // f)


def up_item(n, small, big, difficulty, q):
    """n small units in big units (an exact division), asked as q."""
    f = FACTORS[(big, small)]
    v = n // f
    high = [f"1 {big} = {f} {small}", f"{n} {small} = {n}/{f} {big}", _divide(n, f), f"{n} {small} = {v} {big}",
            f"Check: {v} {big} is {n} {small}."]
    return Item("units", difficulty, q, f"{v} {big}", {"low": "", "medium": "\n".join(coarse(high)),
                                                        "high": "\n".join(high)})


def _values(rng, difficulty):
    big, small, f = rng.choice(UNIT_CONVERSIONS)
    v = rng.randint(2, {1: 12, 2: 60, 3: 400, 4: 2000}[difficulty])
    if f >= 1000:
        v = min(v, 99)
    if rng.random() < 0.5:
        return {"v": v, "frm": big, "to": small, "up": False}
    return {"v": v * f, "frm": small, "to": big, "up": True}


def _fields(rng, values, style):
    return {"frm": rng.choice(NAMES[values["frm"]]), "to": rng.choice(NAMES[values["to"]])}


def _build(values, difficulty, q):
    if values["up"]:
        return up_item(values["v"], values["frm"], values["to"], difficulty, q)
    if (values["frm"], values["to"]) in FACTOR:
        return convert_item(values["v"], values["frm"], values["to"], difficulty, q)
    f = FACTORS[(values["frm"], values["to"])]
    v, ans = values["v"], values["v"] * f
    high = [f"1 {values['frm']} = {f} {values['to']}", op_text(v, "*", f, ans), f"{v} {values['frm']} = {ans} {values['to']}",
            f"Check: {ans} {values['to']} is {v} {values['frm']}."]
    return Item("units", difficulty, q, f"{ans} {values['to']}",
                {"low": "", "medium": f"{v} {values['frm']} = {ans} {values['to']}", "high": "\n".join(high)})


UNIT_NAMES = "|".join(ALL_NAMES)
WORDINGS = [
    Wording("units", "units", TEMPLATES, _values, lambda v: f"{v['v']} {v['frm']} in {v['to']}", _build,
            fields=_fields, patterns={"frm": UNIT_NAMES, "to": UNIT_NAMES}),
]
