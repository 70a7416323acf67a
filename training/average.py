"""Average two exports of the same architecture (a weight soup): out = (1 - t) * A + t * B, tensor by tensor.

    python3 training/average.py A_DIR B_DIR OUT_DIR [--t 0.5]

A continued run starts from the previous export, so both lie in one basin and their average is a model too; OUT_DIR
gets B's config, tokenizer and template. Standard library only (F32 safetensors, as export.py writes them). The
shipped deliberate-nano averages run 13 of the model card (t = 0.35) with the weights shipped before it
(training/README.md).
"""
import argparse
import os
import shutil
import sys
from array import array

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_file  # noqa: E402


def read_safetensors(path):
    """{name: (shape, array of float32)} in file order; anything but F32 is refused by name."""
    out = {}
    for name, (dtype, shape, blob) in safetensors_file.read(path).items():
        if dtype != "F32":
            raise ValueError(f"{path}: tensor {name} is {dtype}; only F32 exports are averaged")
        values = array("f")
        values.frombytes(blob)
        out[name] = (shape, _little_endian(values))
    return out


def write_safetensors(path, tensors):
    """Writes {name: (shape, array of float32)} in export.py's layout."""
    safetensors_file.write_f32(path, {name: (shape, _little_endian(array("f", values)).tobytes())
                                      for name, (shape, values) in tensors.items()})


def _little_endian(values):
    """The file is little-endian; swap in place on a big-endian host (swapping is its own inverse)."""
    if sys.byteorder != "little":
        values.byteswap()
    return values


def average(a, b, t):
    if a.keys() != b.keys() or any(a[k][0] != b[k][0] for k in a):
        raise ValueError("the two exports differ in tensor names or shapes")
    return {k: (a[k][0], array("f", ((1 - t) * x + t * y for x, y in zip(a[k][1], b[k][1])))) for k in a}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("out")
    ap.add_argument("--t", type=float, default=0.5, help="weight of B")
    args = ap.parse_args()
    mixed = average(read_safetensors(os.path.join(args.a, "model.safetensors")),
                    read_safetensors(os.path.join(args.b, "model.safetensors")), args.t)
    if os.path.abspath(args.out) != os.path.abspath(args.b):
        shutil.copytree(args.b, args.out, dirs_exist_ok=True)
    write_safetensors(os.path.join(args.out, "model.safetensors"), mixed)
    print(f"wrote {args.out}: {len(mixed)} tensors, t = {args.t}")


if __name__ == "__main__":
    main()
