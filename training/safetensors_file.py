"""The safetensors layout, standard library only: an 8-byte little-endian header length, a JSON header (padded with
spaces to 8 bytes) naming each tensor's dtype, shape and byte range, then the tensor bytes. export.py writes it,
generate.py and average.py read it, and the C# converter reads what they write."""
import json
import struct


def read(path):
    """{name: (dtype, shape, bytes)} in file order (the `__metadata__` entry left out)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    return {name: (info["dtype"], info["shape"], data[info["data_offsets"][0]:info["data_offsets"][1]])
            for name, info in header.items() if name != "__metadata__"}


def write_f32(path, tensors):
    """Writes {name: (shape, little-endian float32 bytes)} in order."""
    header, offset = {}, 0
    for name, (shape, blob) in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
    header["__metadata__"] = {"format": "pt"}
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * (-len(hb) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for _, blob in tensors.values():
            f.write(blob)
