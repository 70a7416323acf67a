"""Validation suites (another seed) never share a question with the committed test suites."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import suites  # noqa: E402

EVALS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "evals")


def committed_questions(name):
    with open(os.path.join(EVALS, name + ".jsonl"), encoding="utf-8") as f:
        return {json.loads(line)["messages"][-1]["content"] for line in f}


class SuiteTests(unittest.TestCase):
    def test_committed_suites_are_what_the_generator_writes(self):
        for name in ("nano-arith", "nano-tools"):
            self.assertEqual(committed_questions(name), {i.question for i in suites.suite_items(name)})

    def test_validation_items_leave_out_every_test_question(self):
        test = committed_questions("nano-tools")
        plain = suites.suite_items("nano-tools", seed=9_100_000)
        self.assertTrue(any(i.question in test for i in plain))  # short questions collide without the exclusion
        valid = suites.suite_items("nano-tools", seed=9_100_000, exclude=frozenset(test))
        self.assertEqual(60, len(valid))
        self.assertFalse(any(i.question in test for i in valid))


if __name__ == "__main__":
    unittest.main()
