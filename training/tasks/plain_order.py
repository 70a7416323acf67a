"""Comparing numbers, sorting lists and counting letters in people's words."""
from .common import rand_digits
from .counting import _text, count_item
from .ordering import SORT_DIGITS, SORT_SIZE, compare_item, sort_item
from .wording import Wording

LARGER = ["larger", "bigger", "greater", "higher"]
SMALLER = ["smaller", "lower", "less"]
ASCENDING = ["ascending", "increasing", "smallest to largest", "lowest to highest", "least to greatest"]
DESCENDING = ["descending", "decreasing", "largest to smallest", "highest to lowest", "greatest to least"]

COMPARE = [
    "Which is {w}, {a} or {b}?",
    "{a} or {b}: which one is {w}?",
    "Which number is {w}: {a} or {b}?",
    "Tell me the {w} of {a} and {b}.",
    "Between {a} and {b}, which one is {w}?",
    "What's the {w} number, {a} or {b}?",
    "which is {w} {a} or {b}",
    "Compare {a} and {b}. Which is {w}?",
    "Of the two numbers {a} and {b}, which is {w}?",
    "Pick the {w} one: {a}, {b}",
    "Is {a} or {b} {w}?",
    "I have {a} and {b}. Which is {w}?",
    "Which one's {w}: {a} or {b}?",
    "{a} vs {b}, which is {w}?",
    "Can you tell me which is {w} out of {a} and {b}?",
    "Find the {w} of these two: {a} and {b}.",
    # appended after the first issue-25 run (the held-out split above stays)
    "Which of {a} and {b} is {w}?",
    "{a} and {b}: tell me the {w} one.",
    "Out of {a} and {b}, what's {w}?",
    "Which would you say is {w}, {a} or {b}?",
    "Choose the {w} number: {a} or {b}.",
    "{a} versus {b}: which is {w}?",
    "Which value is {w}, {a} or {b}?",
    "Is the {w} one {a} or {b}?",
]
SORT = [  # {order} is a direction phrase; templates without it ask for ascending order
    "Sort these numbers: {nums}",
    "Put {nums} in order from {order}.",
    "Can you sort {nums} from {order}?",
    "Order these from {order}: {nums}",
    "Arrange the following in {order} order: {nums}",
    "sort {nums}",
    "{nums} - sort them please",
    "Please put these in {order} order: {nums}",
    "Sort the list {nums} ({order}).",
    "Rank these numbers from {order}: {nums}",
    "What is {nums} sorted from {order}?",
    "Sort {nums} in {order} order.",
    "Can you order these numbers for me? {nums}",
    "List {nums} from {order}.",
    "Put these numbers in order: {nums}",
    "Reorder {nums} from {order}.",
    "sort these: {nums}",
    # appended after the first issue-25 run (the held-out split above stays)
    "Put {nums} in {order} order, please.",
    "Can you arrange {nums} from {order}?",
    "Could you line up {nums} from smallest to largest?",
    "Sort from {order}: {nums}",
    "Order the numbers {nums}.",
    "Please sort {nums}.",
    "I need {nums} sorted from {order}.",
    "Arrange {nums}.",
]
COUNT = [  # {w} is a word or phrase, {t} a letter
    'How many "{t}"s are in "{w}"?',
    "How many times does {t} appear in {w}?",
    "Count the {t}'s in {w}.",
    "how many {t} in {w}",
    'In the word "{w}", how often does the letter {t} occur?',
    "Count how many times the letter {t} shows up in '{w}'.",
    "What's the number of {t}'s in the word {w}?",
    "How many {t}'s does {w} have?",
    "Can you count the letter '{t}' in '{w}'?",
    'Tell me how many times "{t}" appears in "{w}".',
    "How many letter {t}s are there in {w}?",
    'Count the letter "{t}" in the word "{w}".',
    "How many times is the letter {t} in {w}?",
    "Number of {t}'s in \"{w}\"?",
    'How often does "{t}" appear in "{w}"?',
    "In {w}, how many {t}'s are there?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Count the number of {t}'s in '{w}'.",
    'How many "{t}" letters does "{w}" contain?',
    "How many times can you find {t} in {w}?",
    'Count every "{t}" in "{w}".',
    "Tell me the count of {t} in {w}.",
    'How many {t} are in the word "{w}"?',
    "Number of times {t} appears in {w}?",
    'In "{w}", count the {t}s.',
]


def _compare_values(rng, difficulty):
    n = rng.randint(*{1: (2, 3), 2: (2, 4), 3: (3, 5), 4: (4, 7)}[difficulty])
    a = rand_digits(rng, n)
    if rng.random() < 0.6 and n > 1:  # share a prefix so the first difference is deep
        s = list(str(a))
        k = rng.randint(1, n - 1)
        s[k] = str((int(s[k]) + rng.randint(1, 9)) % 10)
        b = int("".join(s))
    else:
        b = rand_digits(rng, rng.randint(max(1, n - 1), n))
    if a == b:
        b += 1
    return {"a": a, "b": b, "larger": rng.random() < 0.65}


def _compare_fields(rng, values, style):
    return {"w": rng.choice(LARGER if values["larger"] else SMALLER)}


def _sort_values(rng, difficulty):
    n = rng.randint(*SORT_SIZE[difficulty])
    lo, hi = SORT_DIGITS[difficulty]
    nums = []
    while len(nums) < n:
        x = rand_digits(rng, rng.randint(lo, hi))
        if x not in nums:
            nums.append(x)
    return {"nums": nums, "desc": rng.random() < 0.3}


def _sort_fields(rng, values, style):
    return {"order": rng.choice(DESCENDING if values["desc"] else ASCENDING)}


def _count_values(rng, difficulty):
    text = _text(rng, difficulty)
    letters = [c for c in text if c.isalpha()]
    target = rng.choice(letters) if rng.random() < 0.85 else rng.choice("abcdefghijklmnopqrstuvwxyz")
    return {"w": text, "t": target}


def _count_fits(template, values):
    quoted = any(q + "{w}" + q in template for q in "\"'")
    return quoted or " " not in values["w"]  # a phrase of several words needs its quotes


WORDINGS = [
    Wording("compare", "compare", COMPARE, _compare_values,
            lambda v: f"which is {'larger' if v['larger'] else 'smaller'}, {v['a']} or {v['b']}",
            lambda v, d, q: compare_item(v["a"], v["b"], v["larger"], d, q), fields=_compare_fields,
            changeable=("a", "b"), patterns={"w": "|".join(LARGER + SMALLER)}),
    Wording("sort", "sort", SORT, _sort_values,
            lambda v: f"sort {', '.join(map(str, v['nums']))} in {'descending' if v['desc'] else 'ascending'} order",
            lambda v, d, q: sort_item(v["nums"], v["desc"], d, q), fields=_sort_fields,
            fits=lambda t, v: "{order}" in t or not v["desc"], patterns={"order": "|".join(ASCENDING + DESCENDING)}),
    Wording("count", "count", COUNT, _count_values, lambda v: f'count "{v["t"]}" in "{v["w"]}"',
            lambda v, d, q: count_item(v["w"], v["t"], d, q), fits=_count_fits,
            patterns={"t": "[a-z]", "w": "[a-z ]+"}),
]
