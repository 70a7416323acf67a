"""The average (mean) of a list, in people's words; lists are drawn so the mean is a whole number.

high: a running sum, one addition per line with its digit work, the count, then the division with its digit work.
medium: the same without the digit work. The answer is the mean.
"""
from .common import Item, coarse, op_text
from .plain_arithmetic import PEOPLE
from .wording import Wording


def average_item(nums, difficulty, q):
    """The mean of nums (a whole number), asked as q."""
    high, total = [f"Numbers: {', '.join(map(str, nums))}"], nums[0]
    for x in nums[1:]:
        high.append(op_text(total, "+", x, total + x))
        total += x
    mean = total // len(nums)
    high += [f"Count: {len(nums)}", op_text(total, "/", len(nums), mean) if len(nums) > 1 else f"{total} / 1 = {total}",
             f"Check: {mean}*{len(nums)} = {total}."]
    return Item("average", difficulty, q, str(mean), {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


TEMPLATES = [
    "What is the average of {nums}?",
    "Find the mean of {nums}.",
    "average of {nums}",
    "What's the mean of these numbers: {nums}?",
    "Can you average {nums} for me?",
    "{name} scored {nums} on tests. What is the average score?",
    "Mean of {nums}?",
    "Calculate the average of {nums}.",
    "What is the arithmetic mean of {nums}?",
    "The temperatures this week were {nums}. What was the average?",
    "Give me the average: {nums}",
    "What's the average value of {nums}?",
    "Average these numbers: {nums}",
    "Compute the mean of {nums}, please.",
    "{name} ran {nums} km on different days. What is the average distance?",
    "Find the average of the numbers {nums}.",
    "What do {nums} average to?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Find the average: {nums}",
    "What's the average of {nums}?",
    "If you average {nums}, what do you get?",
    "What is the mean value of {nums}?",
    "Average of {nums}, please.",
    "Compute the average of {nums}.",
    "{name} earned {nums} dollars on different days. What was the average?",
    "What's the typical value (the mean) of {nums}?",
]


def _values(rng, difficulty):
    n = rng.randint(*{1: (2, 3), 2: (3, 4), 3: (3, 5), 4: (4, 6)}[difficulty])
    hi = {1: 20, 2: 60, 3: 100, 4: 500}[difficulty]
    while True:
        nums = [rng.randint(1, hi) for _ in range(n - 1)]
        # the last number makes the total a multiple of n
        for last in rng.sample(range(1, hi + 1), hi):
            if (sum(nums) + last) % n == 0:
                return {"nums": nums + [last]}


WORDINGS = [
    Wording("average", "average", TEMPLATES, _values, lambda v: f"average of {', '.join(map(str, v['nums']))}",
            lambda v, d, q: average_item(v["nums"], d, q), {"name": PEOPLE}),
]
