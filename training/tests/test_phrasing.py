"""Plain phrasings: held-out templates are phrasings no training template produces, the suite uses only them, every
family is asked, and a plain trace restates the question canonically before the family's own steps."""
import json
import os
import random
import re
import unittest

from training.tasks import frames
from training.tasks.common import check
from training.tasks.composed import contains
from training.tasks.numbers import NUMBER_PATTERN, spoken, words
from training.tasks.plain import NEW_FAMILIES, WORDINGS
from training.tasks.wording import decorate, plain_item, template_pattern, typo

EVALS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "evals")


def training_patterns():
    """(wording, index, pattern, literal words) of every training template, frame variants included; a pattern can
    only match a question holding all its literal words, which makes checking thousands of them quick."""
    return [(w.name, i, template_pattern(w, t), literal_words(t)) for w in WORDINGS.values() for i, t in w.split("train")]


def literal_words(template):
    return {x.lower() for x in re.findall(r"[A-Za-z]+", re.sub(r"\{\w+\}", " ", template))}


def produced_by(question, patterns):
    """The first (wording, index) whose pattern fully matches the question, or None."""
    present = {x.lower() for x in re.findall(r"[A-Za-z]+", question)}
    for name, i, pattern, needed in patterns:
        if needed <= present and pattern.fullmatch(question):
            return name, i
    return None


class NumberWordTests(unittest.TestCase):
    def test_numbers_read_as_people_write_them(self):
        self.assertEqual("seventeen", words(17))
        self.assertEqual("three hundred forty-two", words(342))
        self.assertEqual("three hundred and forty-two", words(342, british_and=True))
        self.assertEqual("two thousand five", words(2005))
        self.assertEqual("minus eight", words(-8))
        self.assertEqual("12,345", spoken(random.Random(1), 12345, "commas"))

    def test_every_spoken_form_matches_the_number_pattern(self):
        rng = random.Random(3)
        for n in list(range(0, 1200)) + [9999, 12345, -7]:
            for style in ("digits", "words", "commas"):
                self.assertRegex(spoken(rng, n, style), "^" + NUMBER_PATTERN + "$")


class HeldOutTemplateTests(unittest.TestCase):
    def test_every_wording_holds_out_templates_and_keeps_more_for_training(self):
        for w in WORDINGS.values():
            self.assertGreaterEqual(len(w.split("heldout")), 2, w.name)
            self.assertGreater(len(w.split("train")), 2 * len(w.split("heldout")), w.name)

    def test_no_training_template_produces_a_held_out_question(self):
        patterns = training_patterns()
        rng = random.Random(11)
        for w in WORDINGS.values():
            for _ in range(40):
                item = plain_item(rng, w, rng.choice((1, 2, 3)), "heldout")
                self.assertIsNone(produced_by(item.extra["core"], patterns),
                                  f"{item.extra['core']!r} ({item.extra['template']})")

    def test_frame_variants_keep_apart_from_held_out_templates(self):
        for w in WORDINGS.values():
            held = [t for _, t in w.split("heldout")]
            self.assertGreater(len(w.variants), 3 * len(w.templates), w.name)
            held_content = {frames.content_words(h) for h in held}
            for v in w.variants:
                self.assertFalse(any(contains(v, h) for h in held), v)
                self.assertNotIn(frames.content_words(v), held_content, v)
        # the rule can fail: a frame around a training template can say what a held-out one says
        own, held = ["Calculate the product of {a} and {b}."], ["What is the product of {a} and {b}?"]
        self.assertIn("Can you calculate the product of {a} and {b}?", frames.variants(own, []))
        self.assertEqual([], frames.variants(own, held))

    def test_training_templates_match_their_own_questions(self):
        # the check above can fail: each training question is matched by the pattern of its own template
        rng = random.Random(12)
        for w in WORDINGS.values():
            for _ in range(20):
                item = plain_item(rng, w, rng.choice((1, 2, 3)), "train")
                index = int(item.extra["template"].split(":")[1])
                self.assertIsNotNone(template_pattern(w, w.template(index)).fullmatch(item.extra["core"]),
                                     item.extra["core"])

    def test_the_phrasing_suite_asks_every_family_in_held_out_templates_only(self):
        with open(os.path.join(EVALS, "nano-phrasing.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        self.assertGreaterEqual(len(records), 300)
        tasks = {r["task"] for r in records}
        self.assertTrue(set(NEW_FAMILIES) <= tasks)
        self.assertTrue({"add", "sub", "mul", "compare", "sort", "count", "mod", "expr", "div", "gcd", "linear",
                         "fraction", "physics", "program"} <= tasks)
        patterns = training_patterns()
        for r in records:
            question = r["messages"][-1]["content"]
            self.assertIsNone(produced_by(question, patterns), question)


class PlainTraceTests(unittest.TestCase):
    def test_medium_and_high_restate_the_question_then_answer_it(self):
        rng = random.Random(5)
        for w in WORDINGS.values():
            item = plain_item(rng, w, 2)
            self.assertEqual("", item.thinking["low"])
            for effort in ("medium", "high"):
                self.assertTrue(item.thinking[effort].startswith("Question: " + w.canonical(item.extra["values"])))
            self.assertTrue(check(item.expected, item.completion("high")))

    def test_numbers_in_words_restate_as_digits(self):
        rng = random.Random(8)
        seen = 0
        for _ in range(400):
            item = plain_item(rng, WORDINGS["add"], 1)
            if "seven" in item.question or "twenty" in item.question:
                seen += 1
                self.assertNotIn("seven", item.thinking["high"].splitlines()[0])
        self.assertGreater(seen, 5)

    def test_a_typo_never_touches_numbers_or_quoted_text(self):
        rng = random.Random(4)
        text = 'How many times does "r" appear in "strawberry"? Count carefully, seventeen tries.'
        for _ in range(200):
            out = typo(rng, text, {"strawberry"})
            self.assertIn('"strawberry"', out)
            self.assertIn("seventeen", out)
            self.assertIn('"r"', out)

    def test_decorations_keep_the_question(self):
        rng = random.Random(6)
        for _ in range(200):
            out = decorate(rng, "What is 17 times 23?")
            self.assertTrue(re.search(r"\b17 \w+ 23\b", out), out)


if __name__ == "__main__":
    unittest.main()
