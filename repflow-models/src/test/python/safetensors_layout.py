"""Hand-written safetensors reader/writer (struct + json only: no safetensors package, no numpy needed).

    python3 safetensors_layout.py check FILE EXPECTED.json   # FILE written by Java: check layout and values bit for bit
    python3 safetensors_layout.py write FILE EXPECTED.json   # write FILE by hand for Java to read, and what it holds

EXPECTED.json: {"tensors": {name: {"shape": [...], "bits": [uint32 of each float32]}}, "metadata": {...}}
"""
import json
import math
import struct
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(path, expected_path):
    with open(path, "rb") as f:
        raw = f.read()
    with open(expected_path) as f:
        expected = json.load(f)
    (n,) = struct.unpack("<Q", raw[:8])  # 8-byte little-endian header length
    if (8 + n) % 8 != 0:
        fail("data does not start on an 8-byte boundary: header length %d" % n)
    header_bytes = raw[8:8 + n]
    if not header_bytes.startswith(b"{"):
        fail("header does not start with '{'")
    header = json.loads(header_bytes.decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    if meta != expected["metadata"]:
        fail("metadata %r != %r" % (meta, expected["metadata"]))
    if sorted(header) != sorted(expected["tensors"]):
        fail("names %r != %r" % (sorted(header), sorted(expected["tensors"])))
    spans = []
    for name, info in header.items():
        if info["dtype"] != "F32":
            fail("%s dtype %s" % (name, info["dtype"]))
        begin, end = info["data_offsets"]
        count = math.prod(info["shape"])
        if end - begin != 4 * count:
            fail("%s offsets %r do not hold %d float32" % (name, info["data_offsets"], count))
        spans.append((begin, end))
        want = expected["tensors"][name]
        if info["shape"] != want["shape"]:
            fail("%s shape %r != %r" % (name, info["shape"], want["shape"]))
        bits = list(struct.unpack("<%dI" % count, data[begin:end]))  # little-endian
        if bits != want["bits"]:
            fail("%s values differ" % name)
    spans.sort()
    pos = 0
    for begin, end in spans:
        if begin != pos:
            fail("hole or overlap at byte %d" % pos)
        pos = end
    if pos != len(data):
        fail("data ends at %d, file holds %d data bytes" % (pos, len(data)))
    print("OK %d tensors, %d data bytes" % (len(header), len(data)))


def write(path, expected_path):
    # deliberately not alphabetical, one F64 tensor, a scalar-like [1] and an empty-free [2,3,4]
    tensors = [
        ("layer1.0.conv1.weight", "F32", [2, 3, 4], [((i * 7919) % 97 - 48) / 16.0 for i in range(24)]),
        ("fc.bias", "F64", [3], [0.1, -2.5, 1e-3]),
        ("rep_flow.flow.theta", "F32", [1], [0.3]),
        ("bn.running_var", "F32", [4], [1.0, float("inf"), -0.0, 3.4e38]),
    ]
    header = {"__metadata__": {"format": "pt", "written_by": "python struct"}}
    blobs = []
    offset = 0
    for name, dtype, shape, values in tensors:
        code = "<%dd" % len(values) if dtype == "F64" else "<%df" % len(values)
        blob = struct.pack(code, *values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    expected = {"metadata": header["__metadata__"], "tensors": {}}
    for name, dtype, shape, values in tensors:
        # what Java must hold: the float32 rounding of each value
        bits = [struct.unpack("<I", struct.pack("<f", v))[0] for v in values]
        expected["tensors"][name] = {"shape": shape, "bits": bits}
    with open(expected_path, "w") as f:
        json.dump(expected, f)
    print("OK wrote %d tensors" % len(tensors))


if __name__ == "__main__":
    {"check": check, "write": write}[sys.argv[1]](sys.argv[2], sys.argv[3])
