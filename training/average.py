"""Average two exports of the same architecture (a weight soup): out = (1 - t) * A + t * B, tensor by tensor.

    python3 -m training.average A_DIR B_DIR OUT_DIR [--t 0.5]

A continued run starts from the previous export, so both lie in one basin and their average is a model too; OUT_DIR
gets B's config, tokenizer and template. Standard library only (F32 safetensors, as export.py writes them). The
shipped deliberate-nano averages run 13 of the model card (t = 0.35) with the weights shipped before it
(training/RUNS.md).
"""
import argparse
import os
import shutil
from array import array

from .safetensors_file import read_f32, write_f32


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
    mixed = average(read_f32(os.path.join(args.a, "model.safetensors")),
                    read_f32(os.path.join(args.b, "model.safetensors")), args.t)
    if os.path.abspath(args.out) != os.path.abspath(args.b):
        shutil.copytree(args.b, args.out, dirs_exist_ok=True)
    write_f32(os.path.join(args.out, "model.safetensors"), mixed)
    print(f"wrote {args.out}: {len(mixed)} tensors, t = {args.t}")


if __name__ == "__main__":
    main()
