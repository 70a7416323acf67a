"""thinking_budgets.py is the budgets the shipped GGUF carries, and prints them as `./deliberate convert --budgets`
takes them: the Python side (generate.py, eval_torch.py) budgets reasoning as the engine does.

Run: `python3 -m unittest discover -s training/tests` from the repository root (standard library only).
"""
import os
import struct
import subprocess
import sys
import unittest

from training.thinking_budgets import THINKING_BUDGETS, convert_flag

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SHIPPED = os.path.join(ROOT, "models", "deliberate-nano.gguf")

# GGUF metadata value types: the struct format of each scalar type id; 8 is a string, 9 an array
SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


def gguf_metadata(path):
    """The key-value metadata of a GGUF file (v2 or v3), read up to the tensor infos."""
    with open(path, "rb") as f:
        def take(fmt):
            return struct.unpack(fmt, f.read(struct.calcsize(fmt)))[0]

        def string():
            return f.read(take("<Q")).decode("utf-8")

        def value(kind):
            if kind == 8:
                return string()
            if kind == 9:
                item, count = take("<I"), take("<Q")
                return [value(item) for _ in range(count)]
            return take(SCALARS[kind])

        if f.read(4) != b"GGUF" or take("<I") < 2:
            raise ValueError(f"{path}: not a GGUF file of version 2 or 3")
        take("<Q")  # tensor count
        return {string(): value(take("<I")) for _ in range(take("<Q"))}


class ThinkingBudgetTests(unittest.TestCase):
    def test_the_shipped_gguf_carries_these_budgets(self):
        meta = gguf_metadata(SHIPPED)
        self.assertEqual(THINKING_BUDGETS, {effort: meta[f"deliberate.thinking_budget.{effort}"]
                                            for effort in ("low", "medium", "high")})

    def test_the_module_prints_them_as_the_convert_flag_takes_them(self):
        run = subprocess.run([sys.executable, "-m", "training.thinking_budgets"], cwd=ROOT, capture_output=True,
                             text=True, check=True)
        self.assertEqual(convert_flag() + "\n", run.stdout)
        low, medium, high = (int(n) for n in run.stdout.split(","))
        self.assertEqual(THINKING_BUDGETS, {"low": low, "medium": medium, "high": high})


if __name__ == "__main__":
    unittest.main()
