"""Average two exports of the same architecture (a weight soup): out = (1 - t) * A + t * B, tensor by tensor.

    python3 training/average.py A_DIR B_DIR OUT_DIR [--t 0.5]

A continued run starts from the previous export, so both lie in one basin and their average is a model too; OUT_DIR
gets B's config, tokenizer and template. Standard library only (F32 safetensors, as export.py writes them). The
shipped deliberate-nano averages runs 7 and 8 of the model card (training/README.md).
"""
import argparse
import json
import os
import shutil
import struct
import sys
from array import array


def read_safetensors(path):
    """{name: (shape, array of float32)} in file order; anything but F32 is refused by name."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info.get("dtype") != "F32":
            raise ValueError(f"{path}: tensor {name} is {info.get('dtype')}; only F32 exports are averaged")
        start, end = info["data_offsets"]
        values = array("f")
        values.frombytes(data[start:end])
        if sys.byteorder != "little":
            values.byteswap()
        out[name] = (info["shape"], values)
    return out


def write_safetensors(path, tensors):
    """The layout export.py writes: header JSON padded with spaces to 8 bytes, then the tensors in order."""
    header, blobs, offset = {}, [], 0
    for name, (shape, values) in tensors.items():
        blob = values.tobytes() if sys.byteorder == "little" else _swapped(values).tobytes()
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    header["__metadata__"] = {"format": "pt"}
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * (-len(hb) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for blob in blobs:
            f.write(blob)


def _swapped(values):
    copy = array("f", values)
    copy.byteswap()
    return copy


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
