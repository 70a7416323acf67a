"""average.py: the soup of two exports is their weighted mean, with the second's files; mismatches are refused.

Run: `python3 -m unittest discover -s training/tests` from the repository root (standard library only).
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

from training import average
from training.safetensors_file import read_f32, write_f32


def export_dir(root, name, tensors):
    path = os.path.join(root, name)
    os.makedirs(path)
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump({"model": name}, f)
    write_f32(os.path.join(path, "model.safetensors"), tensors)
    return path


class AverageTests(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)

    def test_weighted_mean_tensor_by_tensor_with_the_second_exports_files(self):
        a = export_dir(self.root, "a", {"w": ([2, 2], [1, 2, 3, 4]), "b": ([1], [10])})
        b = export_dir(self.root, "b", {"w": ([2, 2], [5, 6, 7, 8]), "b": ([1], [-10])})
        out = os.path.join(self.root, "out")
        sys.argv = ["average.py", a, b, out, "--t", "0.25"]
        average.main()
        got = read_f32(os.path.join(out, "model.safetensors"))
        self.assertEqual(list(got), ["w", "b"])
        self.assertEqual(got["w"][0], [2, 2])
        self.assertEqual(list(got["w"][1]), [2.0, 3.0, 4.0, 5.0])
        self.assertEqual(list(got["b"][1]), [5.0])
        with open(os.path.join(out, "config.json")) as f:
            self.assertEqual(json.load(f), {"model": "b"})

    def test_different_shapes_are_refused(self):
        a = read_f32(os.path.join(export_dir(self.root, "a", {"w": ([2], [1, 2])}), "model.safetensors"))
        b = read_f32(os.path.join(export_dir(self.root, "b", {"w": ([1, 2], [1, 2])}), "model.safetensors"))
        with self.assertRaisesRegex(ValueError, "differ"):
            average.average(a, b, 0.5)


if __name__ == "__main__":
    unittest.main()
