"""Every arithmetic claim a reasoning trace makes is true, and every trace ends in the item's answer.

A wrong step in the training data is learnt like a right one, so the generators are checked the way the eval
checks the model: each `48=6*7+6`, `7+5+1=13`, `3-8-1=-6+10=4`, `7*6+2=44`, `x14: 14 28 42`, and each
`a op b = [...] c` line is recomputed. Run: `python3 -m unittest discover -s training/tests` from the repository
root (standard library only).
"""
import random
import re
import unittest

from training.tasks.common import EFFORTS, check
from training.tasks.registry import FAMILIES, OOD_DIFFICULTY, PLAIN_FAMILIES, TRAIN_DIFFICULTIES

DIVISION = re.compile(r"(?<![\d*/+-])(\d+)=(\d+)\*(\d+)\+(\d+)(?![\d*])")
COLUMN_SUM = re.compile(r"(?<![\d*+-])((?:\d\+)+\d)\+(\d)=(\d+)(?![\d*])")
COLUMN_SUB = re.compile(r"(?<![\d*+-])(\d)-(\d)-([01])=(-?\d+)(?:\+10=(\d))?")
DIGIT_MUL = re.compile(r"(?<![\d*+-])(\d)\*(\d)\+(\d+)=(\d+)")
MULTIPLES = re.compile(r"\bx(\d+): ((?:\d+(?=[ \n]|$) ?)+)", re.M)
OPERATION = re.compile(r"(?:^|: |\()(-?\d+) ([-+*/]) \(?(-?\d+)\)? =(?: \[[^\]]*\])? (-?\d+)(?!\d| then)")


def claims_are_true(text: str) -> list[str]:
    """The false claims in a trace (empty when all hold)."""
    bad = []
    for a, q, d, r in DIVISION.findall(text):
        if int(a) != int(q) * int(d) + int(r) or int(r) >= int(d):
            bad.append(f"{a}={q}*{d}+{r}")
    for digits, carry, s in COLUMN_SUM.findall(text):
        if sum(map(int, digits.split("+"))) + int(carry) != int(s):
            bad.append(f"{digits}+{carry}={s}")
    for x, y, b, r, d in COLUMN_SUB.findall(text):
        if int(x) - int(y) - int(b) != int(r) or (int(r) < 0) != (d != "") or (d and int(r) + 10 != int(d)):
            bad.append(f"{x}-{y}-{b}={r}+10={d}")
    for x, d, c, p in DIGIT_MUL.findall(text):
        if int(x) * int(d) + int(c) != int(p):
            bad.append(f"{x}*{d}+{c}={p}")
    for d, values in MULTIPLES.findall(text):
        for k, v in enumerate(values.split(), start=1):
            if int(v) != k * int(d):
                bad.append(f"x{d}: {values}")
                break
    for line in text.splitlines():
        for a, op, b, c in OPERATION.findall(line):
            a, b, c = int(a), int(b), int(c)
            want = {"+": a + b, "-": a - b, "*": a * b, "/": a // b if b and a % b == 0 else None}[op]
            if want is not None and want != c:
                bad.append(line)
    return bad


class TraceTests(unittest.TestCase):
    def test_every_claim_in_every_trace_is_true(self):
        rng = random.Random(2024)
        for family, make in FAMILIES.items():
            for difficulty in TRAIN_DIFFICULTIES + (() if family in PLAIN_FAMILIES else (OOD_DIFFICULTY,)):
                for _ in range(60):
                    item = make(rng, difficulty)
                    if family == "tool":
                        continue
                    for effort in EFFORTS:
                        bad = claims_are_true(item.thinking[effort])
                        self.assertEqual([], bad, f"{family} d{difficulty} {effort}: {item.question}")

    def test_the_answer_line_of_every_item_passes_the_checker(self):
        rng = random.Random(7)
        for family, make in FAMILIES.items():
            if family == "tool":
                continue
            for difficulty in TRAIN_DIFFICULTIES:
                item = make(rng, difficulty)
                for effort in EFFORTS:
                    if item.reply is not None:  # chat, a decline or a refusal: the reply, no answer line
                        self.assertTrue(item.completion(effort).endswith("</think>\n\n" + item.reply))
                        continue
                    self.assertTrue(check(item.expected, item.completion(effort)), f"{family}: {item.question}")

    def test_coarse_medium_traces_are_the_high_steps_without_digit_work(self):
        rng = random.Random(11)
        for family in ("linear", "fraction"):
            for difficulty in TRAIN_DIFFICULTIES:
                for _ in range(20):
                    item = FAMILIES[family](rng, difficulty)
                    medium, high = item.thinking["medium"].splitlines(), item.thinking["high"].splitlines()
                    self.assertEqual(len(high) - 1, len(medium), item.question)  # all but the check
                    self.assertFalse(any("[" in line or line.startswith("Check") for line in medium), item.question)
                    for m, h in zip(medium, high):  # each step and its result, only the bracketed work left out
                        self.assertEqual(re.sub(r" \[[^\]]*\]", "", h), m)

    def test_counting_traces_count_every_target_letter_in_order(self):
        rng = random.Random(13)
        for difficulty in TRAIN_DIFFICULTIES + (OOD_DIFFICULTY,):
            for _ in range(40):
                item = FAMILIES["count"](rng, difficulty)
                for effort in ("medium", "high"):
                    lines = item.thinking[effort].splitlines()
                    target = lines[0].removeprefix("Target: ")
                    letters = [s for s in lines[1].split() if s != "|"]
                    running = 0
                    for s in letters:  # high: `c:n` for every letter; medium: only for the target
                        running += s[0] == target
                        if effort == "high" or s[0] == target:
                            self.assertEqual(f"{s[0]}:{running}", s, item.question)
                        else:
                            self.assertEqual(1, len(s), item.question)
                    self.assertEqual(f"Total: {running}", lines[2], item.question)
                    self.assertEqual(str(running), item.expected, item.question)

    def test_tool_reasoning_repeats_the_question_and_the_wanted_description_then_names_the_tool_it_calls(self):
        rng = random.Random(17)
        for difficulty in TRAIN_DIFFICULTIES:
            for _ in range(20):
                item = FAMILIES["tool"](rng, difficulty)
                high = item.thinking["high"][0]
                self.assertTrue(high.startswith(f"The user asks: {item.question} That is "), high)
                self.assertIn(f'yes, "{item.call["name"]}".', high)
                self.assertEqual(1, high.count("yes,"), high)
                # the wanted description, written before the listing, is the called tool's, word for word
                called = next(t["function"] for t in item.tools if t["function"]["name"] == item.call["name"])
                wanted = high.split(" Tools: ")[0].split(": ")[-1]
                self.assertEqual(called["description"], wanted, high)
                self.assertEqual(1, sum(t["function"]["description"] == wanted for t in item.tools), high)
                medium = item.thinking["medium"][0]  # the same choice without the repeated question
                self.assertTrue(high.endswith(medium[:-1] + " with " + high.split(" with ")[-1]), medium)

    def test_the_verifier_catches_false_claims(self):
        for wrong in ["55=4*14+1", "7+5+1=12", "3-8-1=-6+10=5", "7*6+2=45", "x14: 14 28 43", "12 * 7 = 85",
                      "110 - 60 = [110-60: 0-0-0=0 b0] 40", "96 / 8 = 13"]:
            self.assertNotEqual([], claims_are_true(wrong), wrong)
        for right in ["55=3*14+13", "7+5+1=13", "3-8-1=-6+10=4", "7*6+2=44", "x14: 14 28 42", "12 * 7 = 84",
                      "96 / 8 = 12", "-9x = 23 - 14"]:
            self.assertEqual([], claims_are_true(right), right)


if __name__ == "__main__":
    unittest.main()
