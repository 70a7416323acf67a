"""model.safetensors, read and written in one place (standard library only): an 8-byte little-endian header length,
a JSON header (padded with spaces to 8 bytes) naming each tensor's dtype, shape and byte range, then the tensor bytes.

export.py and average.py write it, generate.py (so train.py --init-from and export.py's round trip) and average.py
read it, and the C# converter reads what they write. Every export is F32, so F32 is all this reads or writes.
"""
import json
import struct
import sys
from array import array


def read_f32(path):
    """{name: (shape, array of float32)} in file order (the `__metadata__` entry left out); a file that is not
    safetensors, or a tensor that is not F32, is refused naming the file and the tensor."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8 or 8 + struct.unpack("<Q", data[:8])[0] > len(data):
        raise ValueError(f"{path}: not a safetensors file (its header length runs past the end)")
    n = struct.unpack("<Q", data[:8])[0]
    try:
        header = json.loads(data[8:8 + n])
    except ValueError as e:
        raise ValueError(f"{path}: the safetensors header is not JSON ({e})") from None
    body = memoryview(data)[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {info['dtype']}; only F32 is read")
        start, end = info["data_offsets"]
        if not 0 <= start <= end <= len(body) or (end - start) % 4:
            raise ValueError(f"{path}: tensor {name} has the byte range {start}..{end} of a {len(body)}-byte body")
        values = array("f")
        values.frombytes(body[start:end])
        tensors[name] = (info["shape"], _swapped_on_big_endian(values))
    return tensors


def write_f32(path, tensors):
    """Writes {name: (shape, array of float32)} in order."""
    blobs = {name: _swapped_on_big_endian(array("f", values)).tobytes() for name, (_, values) in tensors.items()}
    header, offset = {}, 0
    for name, (shape, _) in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(blobs[name])]}
        offset += len(blobs[name])
    header["__metadata__"] = {"format": "pt"}
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * (-len(hb) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for blob in blobs.values():
            f.write(blob)


def _swapped_on_big_endian(values):
    """The file is little-endian; swap in place on a big-endian host (swapping is its own inverse)."""
    if sys.byteorder != "little":
        values.byteswap()
    return values
