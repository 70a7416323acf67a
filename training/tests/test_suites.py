"""Validation suites (another seed) never share a question with the committed test suites."""
import json
import os
import unittest

from training import prepare_data, suites

EVALS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "evals")


def committed_questions(name):
    with open(os.path.join(EVALS, name + ".jsonl"), encoding="utf-8") as f:
        return {json.loads(line)["messages"][-1]["content"] for line in f}


class SuiteTests(unittest.TestCase):
    def test_committed_suites_are_what_the_generator_writes(self):
        for name in ("nano-arith", "nano-tools"):
            self.assertEqual(committed_questions(name), {i.question for i in suites.suite_items(name)})
        for name in suites.PLAIN_SUITES:
            self.assertEqual(committed_questions(name), {i.question for i in suites.plain_items(name)})

    def test_the_new_suites_share_no_item_with_their_validation_copies(self):
        for name in suites.PLAIN_SUITES:
            test = {suites.item_key(i) for i in suites.plain_items(name)}
            valid = {suites.item_key(i) for i in suites.plain_items(name, 9_100_000, suites.eval_questions())}
            self.assertTrue(valid, name)
            self.assertFalse(test & valid, name)

    def test_validation_items_leave_out_every_test_question(self):
        test = committed_questions("nano-physics")
        plain = suites.suite_items("nano-physics", seed=9_100_000)
        self.assertTrue(any(i.question in test for i in plain))  # short questions collide without the exclusion
        valid = suites.suite_items("nano-physics", seed=9_100_000, exclude=suites.eval_questions())
        self.assertEqual(60, len(valid))
        self.assertFalse(any(i.question in test for i in valid))

    def test_a_tool_question_is_its_text_with_its_tools(self):
        # 16 countries make 16 population questions: deduplicating training data on the text alone kept a handful
        test = suites.suite_items("nano-tools")
        keys = suites.eval_questions()
        self.assertTrue(all(suites.item_key(i) in keys for i in test))
        valid = suites.suite_items("nano-tools", seed=9_100_000)
        self.assertTrue(any(i.question in {t.question for t in test} for i in valid))  # same text, other tools
        self.assertFalse(any(suites.item_key(i) in keys for i in valid))

    def test_validation_questions_are_the_keys_of_the_validation_suites(self):
        keys = suites.validation_questions(9_100_000)
        items = [i for name in suites.SUITES for i in suites.suite_items(name, 9_100_000, suites.eval_questions())]
        items += [i for name in suites.PLAIN_SUITES for i in suites.plain_items(name, 9_100_000, suites.eval_questions())]
        self.assertEqual({suites.item_key(i) for i in items}, keys)
        self.assertFalse(keys & suites.eval_questions())


class TrainingDataTests(unittest.TestCase):
    def test_training_can_leave_out_the_validation_questions_too(self):
        valid = suites.validation_questions(9_100_000)
        self.assertEqual(suites.eval_questions(), prepare_data.banned_questions())
        self.assertEqual(suites.eval_questions() | valid, prepare_data.banned_questions([9_100_000]))
        drawn = {}  # physics questions are short: 4000 drawn without leaving validation out repeat some of them
        for seeds in ([], [9_100_000]):
            exs = prepare_data.generate(4000, 5, prepare_data.banned_questions(seeds), ["physics"],
                                        {"low": 0, "medium": 0, "high": 1}, {})
            prompts = "".join(p for p, _, _ in exs)
            drawn[len(seeds)] = sum(q in prompts for q in valid)
        self.assertGreater(drawn[0], 10)
        self.assertEqual(0, drawn[1])

    def test_repeated_tool_question_texts_are_kept_with_other_tools(self):
        exs = prepare_data.generate(3000, 5, suites.eval_questions(), ["tool"], {"low": 0, "medium": 0, "high": 1}, {})
        population = [p for p, _, _ in exs if "How many people live in" in p and "tool_response" not in p]
        self.assertGreater(len(population), 100)  # the text-only key allowed at most 16


if __name__ == "__main__":
    unittest.main()
