"""Addition, subtraction, multiplication and expressions in people's words."""
from .arithmetic import add_item, mul_item, sub_item
from .common import rand_digits
from .expressions import draw_expr, expr_item, expr_text
from .wording import Wording

PEOPLE = ["Maria", "Tom", "Aisha", "Ken", "Lena", "Omar", "Priya", "Sam", "Yuki", "Carlos", "Emma", "Noah"]
THINGS = ["apples", "books", "marbles", "stickers", "pencils", "coins", "cards", "cookies", "stamps", "shells"]
VOCAB = {"name": PEOPLE, "thing": THINGS}
PLAIN_DIGITS = {1: (1, 2), 2: (2, 3), 3: (3, 4), 4: (4, 5)}  # everyday sizes: a little smaller than the canonical family


def _two(rng, difficulty, ordered=False):
    lo, hi = PLAIN_DIGITS[difficulty]
    a, b = rand_digits(rng, rng.randint(lo, hi)), rand_digits(rng, rng.randint(lo, hi))
    if ordered and a < b:
        a, b = b, a
    return {"a": a, "b": b}


ADD = [
    "What's {a} plus {b}?",
    "{a} + {b}",
    "what is {a}+{b}",
    "Add {a} to {b}.",
    "What do you get when you add {a} and {b}?",
    "Can you add {a} and {b} for me?",
    "Sum of {a} and {b}?",
    "{name} has {a} {thing} and gets {b} more. How many {thing} does {name} have now?",
    "How much is {a} + {b}?",
    "I need the total of {a} and {b}.",
    "{a} plus {b} equals what?",
    "Please calculate {a} + {b}",
    "If you add {b} to {a}, what do you get?",
    "What is the sum of {a} and {b}?",
    "{name} scored {a} points in one game and {b} in the next. What is the total?",
    "Work out {a} + {b}.",
    "whats {a} and {b} added together",
    "Tell me {a} + {b}.",
    "{a} and {b} make how many together?",
    "There are {a} {thing} in one box and {b} in another. How many {thing} are there in all?",
    "{a} + {b} =",
    "Find the sum: {a} + {b}",
    # appended after the first issue-25 run (the held-out split above stays)
    "Add up {a} and {b}.",
    "{a} and {b} together make?",
    "What's the total when you combine {a} and {b}?",
    "{name} found {a} {thing}, then {b} more. How many {thing} altogether?",
    "Give me {a} plus {b}.",
    "Sum up {a} + {b}, please.",
    "How many is {a} and {b} combined?",
    "Put {a} and {b} together. What do you get?",
]
SUB = [
    "What's {a} minus {b}?",
    "{a} - {b}",
    "Subtract {b} from {a}, please.",
    "How much is {a} take away {b}?",
    "What is the difference between {a} and {b}?",
    "{name} had {a} {thing} and gave away {b}. How many are left?",
    "what is {a}-{b}",
    "What do you get if you take {b} away from {a}?",
    "Calculate {a} minus {b}.",
    "How many are left if you remove {b} from {a}?",
    "{a} subtract {b}?",
    "Find {a} - {b}.",
    "Can you subtract {b} from {a}?",
    "{a} - {b} = ?",
    "A tank holds {a} liters and {b} liters leak out. How many liters remain?",
    "How much is {b} less than {a}?",
    "{name} had {a} dollars and spent {b}. How much is left?",
    "Work out {a} minus {b}.",
    "Tell me {a} - {b}",
    "By how much is {a} bigger than {b}?",
    "{a} minus {b} equals?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Take {b} from {a}.",
    "What's {a} less {b}?",
    "{name} had {a} {thing} and lost {b}. How many does {name} have now?",
    "From {a}, remove {b}. What's left?",
    "How much is left when you take {b} from {a}?",
    "{a} minus {b} is what?",
    "What remains if {b} is subtracted from {a}?",
    "Give me {a} - {b}.",
]
MUL = [
    "What's {a} times {b}?",
    "{a} x {b}",
    "{a} × {b} = ?",
    "Multiply {a} and {b}.",
    "What is the product of {a} and {b}?",
    "How much is {a} multiplied by {b}?",
    "{a}*{b}?",
    "{name} buys {a} boxes with {b} {thing} in each. How many {thing} is that?",
    "Can you multiply {a} by {b}?",
    "What do you get when you multiply {a} by {b}?",
    "{a} times {b} equals?",
    "Compute {a} × {b}.",
    "whats {a} times {b}",
    "Find the product {a} * {b}.",
    "There are {a} rows of {b} chairs. How many chairs are there in total?",
    "What is {a} multiplied by {b}?",
    "{a} * {b} =",
    "Tell me {a} times {b}.",
    "Work out {a} x {b} for me.",
    "A box holds {b} {thing}. How many {thing} are in {a} boxes?",
    "Calculate the product of {a} and {b}.",
    # appended after the first issue-25 run (the held-out split above stays)
    "Multiply {a} times {b}.",
    "{a} groups of {b}: how many in total?",
    "What's {a} multiplied by {b}?",
    "{name} reads {b} pages a day for {a} days. How many pages is that?",
    "Times {a} by {b}.",
    "Product of {a} and {b}?",
    "How much is {a} × {b}?",
    "{a} lots of {b} is how many?",
]
EXPR = [
    "What's {e}?",
    "{e} = ?",
    "Can you work out {e}?",
    "Evaluate {e} for me.",
    "What does {e} equal?",
    "{e}",
    "Calculate: {e}",
    "Simplify {e}.",
    "solve {e}",
    "Please compute {e} step by step.",
    "what is {e}",
    "Find the value of {e}.",
    "How much is {e}?",
    "Work out {e}.",
    "What number is {e}?",
    "{e} equals what?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Compute the value of {e}.",
    "{e} is what?",
    "What's the result of {e}?",
    "Give me {e}.",
    "Tell me what {e} is.",
    "Could you evaluate {e}?",
    "Result of {e}?",
    "Work this out: {e}",
]


def _expr_fields(rng, values, style):
    """The expression as people type it: spaced or not, with x, × or ÷ for the operators."""
    text = expr_text(values["toks"])
    r = rng.random()
    if r < 0.25:
        text = text.replace(" ", "")
    if rng.random() < 0.25:
        text = text.replace("*", rng.choice(["×", "x"]))
    if rng.random() < 0.2:
        text = text.replace("/", "÷")
    return {"e": text}


def _mul_values(rng, difficulty):
    lo, hi = PLAIN_DIGITS[difficulty]
    a = rand_digits(rng, rng.randint(max(2, lo), hi))
    b = rng.randint(2, 9) if difficulty == 1 or rng.random() < 0.4 else rand_digits(rng, rng.randint(2, max(2, hi - 1)))
    return {"a": a, "b": b} if rng.random() < 0.5 else {"a": b, "b": a}


WORDINGS = [
    Wording("add", "add", ADD, lambda rng, d: _two(rng, d), lambda v: f"{v['a']} + {v['b']}",
            lambda v, d, q: add_item(v["a"], v["b"], d, q), VOCAB, changeable=("a", "b")),
    Wording("sub", "sub", SUB, lambda rng, d: _two(rng, d, ordered=True), lambda v: f"{v['a']} - {v['b']}",
            lambda v, d, q: sub_item(v["a"], v["b"], d, q), VOCAB, changeable=("a", "b")),
    Wording("mul", "mul", MUL, _mul_values, lambda v: f"{v['a']} * {v['b']}",
            lambda v, d, q: mul_item(v["a"], v["b"], d, q), VOCAB, changeable=("a", "b")),
    Wording("expr", "expr", EXPR, lambda rng, d: {"toks": draw_expr(rng, d)}, lambda v: expr_text(v["toks"]),
            lambda v, d, q: expr_item(v["toks"], d, q), fields=_expr_fields, patterns={"e": r"[\d\s()+\-*/×÷x]+"}),
]
