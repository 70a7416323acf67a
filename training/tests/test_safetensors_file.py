"""safetensors_file.py, the one reader and writer of model.safetensors: the layout the C# converter reads, the
shipped weights read and rewritten byte for byte, and a file it cannot read refused naming the file and the tensor.

Run: `python3 -m unittest discover -s training/tests` from the repository root (standard library only).
"""
import json
import os
import shutil
import struct
import tempfile
import unittest

from training.safetensors_file import read_f32, write_f32

SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "export", "deliberate-nano",
                       "model.safetensors")


class SafetensorsFileTests(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)
        self.path = os.path.join(self.root, "model.safetensors")

    def header_and_body(self):
        with open(self.path, "rb") as f:
            data = f.read()
        n = struct.unpack("<Q", data[:8])[0]
        return n, json.loads(data[8:8 + n]), data[8 + n:]

    def rewrite_header(self, old, new):
        """Replaces bytes in the header, keeping its length (so the body stays where it is)."""
        assert len(old) == len(new)
        with open(self.path, "r+b") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = f.read(n)
            self.assertIn(old, header)
            f.seek(8)
            f.write(header.replace(old, new))

    def test_writes_little_endian_f32_in_order_after_a_header_padded_to_eight_bytes(self):
        write_f32(self.path, {"b": ([1, 2], [1.5, -2.0]), "a": ([1], [0.25])})
        n, header, body = self.header_and_body()
        self.assertEqual(0, n % 8)
        self.assertEqual(["b", "a", "__metadata__"], list(header))
        self.assertEqual({"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}, header["b"])
        self.assertEqual({"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}, header["a"])
        self.assertEqual(struct.pack("<3f", 1.5, -2.0, 0.25), body)

    def test_reads_back_what_it_wrote_without_the_metadata(self):
        write_f32(self.path, {"b": ([1, 2], [1.5, -2.0]), "a": ([1], [0.25])})
        got = read_f32(self.path)
        self.assertEqual(["b", "a"], list(got))
        self.assertEqual(([1, 2], [1.5, -2.0]), (got["b"][0], list(got["b"][1])))
        self.assertEqual(([1], [0.25]), (got["a"][0], list(got["a"][1])))

    def test_the_shipped_weights_are_rewritten_byte_for_byte(self):
        tensors = read_f32(SHIPPED)  # 2.030M parameters (the model card)
        self.assertEqual(2_029_984, sum(len(values) for _, values in tensors.values()))
        write_f32(self.path, tensors)
        with open(SHIPPED, "rb") as shipped, open(self.path, "rb") as rewritten:
            self.assertEqual(shipped.read(), rewritten.read())

    def test_a_tensor_that_is_not_f32_is_refused_by_name(self):
        write_f32(self.path, {"w": ([2], [1, 2])})
        self.rewrite_header(b'"F32"', b'"F16"')
        with self.assertRaisesRegex(ValueError, "tensor w is F16"):
            read_f32(self.path)

    def test_a_byte_range_past_the_body_is_refused_by_name(self):
        write_f32(self.path, {"w": ([2], [1, 2])})
        self.rewrite_header(b"[0,8]", b"[0,9]")
        with self.assertRaisesRegex(ValueError, "tensor w has the byte range 0..9 of a 8-byte body"):
            read_f32(self.path)

    def test_a_file_shorter_than_its_header_is_refused_naming_the_file(self):
        with open(self.path, "wb") as f:
            f.write(struct.pack("<Q", 1 << 40) + b"{}")
        with self.assertRaisesRegex(ValueError, "model.safetensors: not a safetensors file"):
            read_f32(self.path)

    def test_a_header_that_is_not_json_is_refused_naming_the_file(self):
        with open(self.path, "wb") as f:
            f.write(struct.pack("<Q", 8) + b"{not js}")
        with self.assertRaisesRegex(ValueError, "model.safetensors: the safetensors header is not JSON"):
            read_f32(self.path)


if __name__ == "__main__":
    unittest.main()
