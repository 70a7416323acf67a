"""A minimal GGUF v3 writer (standard library): metadata of the types the classifier needs and F32 tensors.

The layout is the one src/Deliberate.Engine/Gguf/ reads: magic, version, tensor and key counts, key/value records,
the tensor directory (name, dims in ggml order — the fastest-varying first —, type, offset), padding to the
alignment, then each tensor's little-endian data, itself padded to the alignment.
"""
import struct

ALIGNMENT = 32
GGML_F32 = 0
UINT32, FLOAT32, STRING, ARRAY = 4, 6, 8, 9


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<Q", len(data)) + data


def _value(value) -> bytes:
    """Type tag + payload: int -> u32, float -> f32, str -> string, list of one of those -> array."""
    if isinstance(value, bool):
        raise TypeError("bool metadata is not needed here")
    if isinstance(value, int):
        return struct.pack("<II", UINT32, value)
    if isinstance(value, float):
        return struct.pack("<If", FLOAT32, value)
    if isinstance(value, str):
        return struct.pack("<I", STRING) + _string(value)
    if isinstance(value, list) and value:
        first = value[0]
        if isinstance(first, str):
            return struct.pack("<IIQ", ARRAY, STRING, len(value)) + b"".join(_string(v) for v in value)
        if isinstance(first, float):
            return struct.pack("<IIQ", ARRAY, FLOAT32, len(value)) + struct.pack(f"<{len(value)}f", *value)
        if isinstance(first, int):
            return struct.pack("<IIQ", ARRAY, UINT32, len(value)) + struct.pack(f"<{len(value)}I", *value)
    raise TypeError(f"unsupported metadata value {value!r}")


def _pad(length: int) -> bytes:
    return b"\0" * ((-length) % ALIGNMENT)


def write(path: str, metadata: dict, tensors: list[tuple[str, list[int], bytes]]) -> int:
    """Writes the file; tensors are (name, ggml dims, F32 little-endian bytes). Returns the file size."""
    header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata))
    for key, value in metadata.items():
        header += _string(key) + _value(value)
    offset = 0
    for name, dims, data in tensors:
        count = 1
        for d in dims:
            count *= d
        if len(data) != 4 * count:
            raise ValueError(f"{name}: {len(data)} bytes for {count} F32 values")
        header += _string(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
        header += struct.pack("<IQ", GGML_F32, offset)
        offset += len(data) + len(_pad(len(data)))
    blob = header + _pad(len(header))
    for _, _, data in tensors:
        blob += data + _pad(len(data))
    with open(path, "wb") as f:
        f.write(blob)
    return len(blob)
