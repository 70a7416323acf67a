"""average.py: the soup of two exports is their weighted mean, in export.py's layout; mismatches are refused.

Run: `python3 -m unittest discover training/tests` (standard library only).
"""
import json
import os
import shutil
import struct
import sys
import tempfile
import unittest
from array import array

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import average  # noqa: E402


def export_dir(root, name, tensors, dtype="F32"):
    path = os.path.join(root, name)
    os.makedirs(path)
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump({"model": name}, f)
    average.write_safetensors(os.path.join(path, "model.safetensors"),
                              {k: (shape, array("f", vals)) for k, (shape, vals) in tensors.items()})
    if dtype != "F32":  # rewrite the header's dtype, keeping its length
        with open(os.path.join(path, "model.safetensors"), "r+b") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = f.read(n).replace(b'"F32"', b'"%s"' % dtype.encode())
            f.seek(8)
            f.write(header)
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
        got = average.read_safetensors(os.path.join(out, "model.safetensors"))
        self.assertEqual(list(got), ["w", "b"])
        self.assertEqual(got["w"][0], [2, 2])
        self.assertEqual(list(got["w"][1]), [2.0, 3.0, 4.0, 5.0])
        self.assertEqual(list(got["b"][1]), [5.0])
        with open(os.path.join(out, "config.json")) as f:
            self.assertEqual(json.load(f), {"model": "b"})
        with open(os.path.join(out, "model.safetensors"), "rb") as f:
            self.assertEqual(struct.unpack("<Q", f.read(8))[0] % 8, 0)

    def test_different_shapes_are_refused(self):
        a = average.read_safetensors(os.path.join(export_dir(self.root, "a", {"w": ([2], [1, 2])}), "model.safetensors"))
        b = average.read_safetensors(os.path.join(export_dir(self.root, "b", {"w": ([1, 2], [1, 2])}),
                                                  "model.safetensors"))
        with self.assertRaisesRegex(ValueError, "differ"):
            average.average(a, b, 0.5)

    def test_a_non_f32_tensor_is_named_in_the_error(self):
        path = export_dir(self.root, "h", {"w": ([2], [1, 2])}, dtype="F16")
        with self.assertRaisesRegex(ValueError, "tensor w is F16"):
            average.read_safetensors(os.path.join(path, "model.safetensors"))


if __name__ == "__main__":
    unittest.main()
