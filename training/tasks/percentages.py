"""Percentages beyond "p% of n": what percent one number is of another, and a number raised or cut by a percentage
(sales, tips, price rises), in people's words.

what percent, high: `part / whole = part*100/whole %`, the product and the division with their digit work. change,
high: p% of the base as in the fraction family (`p% = m/k`, base / k, times m), then the sum or difference. medium:
the same steps without the digit work. Answers: `15%`, `60`.
"""
import math

from .common import Item, coarse, op_text
from .plain_arithmetic import PEOPLE
from .wording import Wording

PERCENTS = [5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 80]
GOODS = ["jacket", "bike", "phone", "lamp", "chair", "game", "watch", "backpack", "ticket", "guitar"]


def percent_lines(p: int, base: int) -> tuple[list[str], int]:
    """p% of base (an integer) the fraction family's way: `p% = p/100 = m/k`, base / k, times m."""
    g = math.gcd(p, 100)
    m, k = p // g, 100 // g
    part, val = base // k, base * p // 100
    lines = [f"{p}% = {p}/100 = {m}/{k}",
             op_text(base, "/", k, part) if k > 1 else f"{base}/1 = {base}",
             op_text(part, "*", m, val) if m > 1 else f"{part}*1 = {val}"]
    return lines, val


def what_percent_item(part, whole, difficulty, q):
    """part as a percentage of whole (a whole number of percent), asked as q."""
    scaled = part * 100
    pct = scaled // whole
    high = [f"percent = part / whole * 100 = {part}*100/{whole}", f"{part}*100 = {scaled}",
            op_text(scaled, "/", whole, pct), f"= {pct}%", f"Check: {pct}% of {whole} is {part}."]
    return Item("percent", difficulty, q, f"{pct}%", {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


def change_item(base, p, up, difficulty, q):
    """base raised (up) or cut by p%, asked as q."""
    lines, amount = percent_lines(p, base)
    result = base + amount if up else base - amount
    sign = "+" if up else "-"
    high = [f"{'increase' if up else 'decrease'} {base} by {p}%"] + lines + [
        op_text(base, sign, amount, result), f"Check: {p}% {'more' if up else 'less'} than {base} is {result}."]
    return Item("percent", difficulty, q, str(result), {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


WHAT_PERCENT = [
    "What percent of {whole} is {part}?",
    "{part} is what percentage of {whole}?",
    "What percentage is {part} out of {whole}?",
    "{part} out of {whole} as a percent?",
    "If I got {part} out of {whole} on a test, what's my percentage?",
    "Express {part} as a percentage of {whole}.",
    "What % of {whole} is {part}?",
    "{name} answered {part} of {whole} questions right. What percent is that?",
    "How many percent is {part} of {whole}?",
    "{part}/{whole} as a percentage?",
    "What percentage of {whole} does {part} make?",
    "Out of {whole} people, {part} said yes. What percent said yes?",
    "Convert {part} out of {whole} to a percent.",
    "{part} of {whole} is how many percent?",
    # appended after the first issue-25 run (the held-out split above stays)
    "How big a share of {whole} is {part}, in percent?",
    "{part} out of {whole} is what percent?",
    "Percent: {part} of {whole}?",
    "What percent is {part} of {whole}?",
    "Express {part} out of {whole} as a percent.",
    "If {part} of {whole} students passed, what percent passed?",
    "Find the percentage: {part} of {whole}.",
    "What is {part} of {whole} in percent?",
]
INCREASE = [
    "Increase {base} by {p}%.",
    "What is {base} plus {p}%?",
    "A {good} costs {base} dollars and the price goes up {p}%. What is the new price?",
    "{base} increased by {p} percent?",
    "What do you get if you raise {base} by {p}%?",
    "The rent is {base} and rises by {p}%. What is the new rent?",
    "Add {p}% to {base}.",
    "{name} earns {base} a week and gets a {p}% raise. What does {name} earn now?",
    "What's {base} after a {p}% increase?",
    "A bill of {base} plus a {p}% tip comes to how much?",
    "Grow {base} by {p} percent.",
    # appended after the first issue-25 run (the held-out split above stays)
    "Raise {base} by {p}%.",
    "What is {base} increased by {p}%?",
    "{base} plus {p} percent?",
    "A {good} was {base} dollars and went up {p}%. What does it cost now?",
    "What's {base} after going up {p}%?",
    "Increase {base} by {p} percent, please.",
    "{name} had {base} and it grew by {p}%. How much now?",
    "What's {p}% more than {base}?",
    "Make {base} bigger by {p}%.",
    "Find {base} increased by {p}%.",
]
DECREASE = [
    "A {good} costs {base} dollars and is {p}% off. What is the sale price?",
    "Decrease {base} by {p}%.",
    "What is {base} minus {p}%?",
    "{base} reduced by {p} percent?",
    "What's the price of a {base} dollar {good} after a {p}% discount?",
    "Take {p}% off {base}.",
    "{name} has {base} dollars and spends {p}% of it. How much is left?",
    "What do you pay for a {base} dollar {good} at {p}% off?",
    "What's {base} after a {p}% decrease?",
    "Cut {base} by {p} percent.",
    "A {good} was {base} dollars. Now it's {p}% cheaper. What does it cost?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Reduce {base} by {p}%.",
    "What is {base} decreased by {p}%?",
    "{base} minus {p} percent?",
    "A {good} costs {base} dollars with {p}% off. What do I pay?",
    "What's {base} after going down {p}%?",
    "Decrease {base} by {p} percent, please.",
    "{name} had {base} and lost {p}%. How much is left?",
    "What's {p}% less than {base}?",
    "Make {base} smaller by {p}%.",
    "Find {base} reduced by {p}%.",
]


def _what_values(rng, difficulty):
    while True:
        whole = rng.randint(2, {1: 20, 2: 100, 3: 400, 4: 1000}[difficulty])
        pct = rng.choice([p for p in range(1, 100) if (p * whole) % 100 == 0] or [0])
        if pct:
            return {"part": pct * whole // 100, "whole": whole}


def _change_values(up):
    def draw(rng, difficulty):
        p = rng.choice(PERCENTS)
        k = 100 // math.gcd(p, 100)
        return {"base": rng.randint(1, {1: 10, 2: 50, 3: 200, 4: 1000}[difficulty]) * k, "p": p, "up": up}
    return draw


VOCAB = {"name": PEOPLE, "good": GOODS}
WORDINGS = [
    Wording("percent", "what_percent", WHAT_PERCENT, _what_values, lambda v: f"{v['part']} as a percent of {v['whole']}",
            lambda v, d, q: what_percent_item(v["part"], v["whole"], d, q), VOCAB),
    Wording("percent", "increase", INCREASE, _change_values(True), lambda v: f"{v['base']} increased by {v['p']}%",
            lambda v, d, q: change_item(v["base"], v["p"], True, d, q), VOCAB),
    Wording("percent", "decrease", DECREASE, _change_values(False), lambda v: f"{v['base']} decreased by {v['p']}%",
            lambda v, d, q: change_item(v["base"], v["p"], False, d, q), VOCAB),
]
