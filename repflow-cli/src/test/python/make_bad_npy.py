"""Writes a corpus of .npy pairs for `repflow flow --npy`, well formed and malformed, with numpy.

Usage: make_bad_npy.py DIR. Prints one line per case: NAME<TAB>F1<TAB>F2<TAB>EXPECTED_STATUS<TAB>MESSAGE_FRAGMENT.
Well-formed cases are made by numpy itself; byte-level damage is done to numpy's own files.
"""
import sys
import os
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(14)
SHAPE = (2, 1, 5, 6)


def frames(shape=SHAPE, dtype=np.float32):
    return (rng.random(shape) * 255).astype(dtype)


def save(name, array, **kw):
    path = os.path.join(out, name + ".npy")
    if kw:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, **kw)
    else:
        np.save(path, array, allow_pickle=True)
    return path


def raw(name, data):
    path = os.path.join(out, name + ".npy")
    with open(path, "wb") as f:
        f.write(data)
    return path


good = save("good", frames())
good_bytes = open(good, "rb").read()
header_end = good_bytes.index(b"\n") + 1
cases = []


def case(name, f1, f2, status, fragment):
    cases.append((name, f1, f2, status, fragment))


# well formed: every one must give a flow
case("float32", good, save("good2", frames()), 0, "flow [2, 2, 5, 6]")
case("big-endian", save("be1", frames().astype(">f4")), save("be2", frames().astype(">f4")), 0, "flow [2, 2, 5, 6]")
case("float64", save("f8a", frames(dtype=np.float64)), save("f8b", frames(dtype=np.float64)), 0, "flow [2, 2, 5, 6]")
case("version-2", save("v2a", frames(), version=(2, 0)), save("v2b", frames(), version=(2, 0)), 0, "flow")
case("version-3", save("v3a", frames(), version=(3, 0)), save("v3b", frames(), version=(3, 0)), 0, "flow")
case("two-by-two", save("tiny1", frames((1, 3, 2, 2))), save("tiny2", frames((1, 3, 2, 2))), 0, "flow [1, 6, 2, 2]")

# malformed contents: a one-line error naming the file, exit status 2
for dtype in ["int32", "float16", "complex64", "uint8", "bool"]:
    f = save("dtype-" + dtype, frames().astype(dtype))
    case("dtype-" + dtype, f, f, 2, "is not supported")
obj = save("object", np.array([{"a": 1}, None], dtype=object))
case("object-dtype", obj, obj, 2, "object")
structured = save("structured", np.zeros(4, dtype=[("a", "<f4"), ("b", "<i4")]))
case("structured-dtype", structured, structured, 2, "structured")
fortran = save("fortran", np.asfortranarray(frames((2, 1, 5, 6))))
case("fortran-order", fortran, fortran, 2, "Fortran-order")
for rank_shape in [(), (7,), (5, 6), (1, 5, 6), (1, 1, 1, 5, 6)]:
    name = "rank-%d" % len(rank_shape)
    f = save(name, frames(rank_shape))
    case(name, f, f, 2, "rank")
empty = save("zero-size", frames((0, 1, 5, 6)))
case("zero-size", empty, empty, 2, "[0, 1, 5, 6]")
h1 = save("height-1", frames((1, 1, 1, 6)))
case("height-1", h1, h1, 2, "H and W must be >= 2")
case("shapes-differ", good, save("other-shape", frames((2, 1, 6, 5))), 2, "differ in shape")
case("channels-differ", good, save("other-channels", frames((2, 3, 5, 6))), 2, "differ in shape")
nan = frames()
nan[1, 0, 2, 3] = np.nan
case("nan", good, save("nan", nan), 2, "holds NaN at index [1, 0, 2, 3]")
inf = frames()
inf[0, 0, 4, 5] = -np.inf
case("infinity", save("inf", inf), good, 2, "holds -Infinity at index [0, 0, 4, 5]")
big64 = frames(dtype=np.float64)
big64[0, 0, 0, 0] = 1e300
case("float64-beyond-float32", save("big64", big64), good, 2, "holds Infinity at index [0, 0, 0, 0]")
# damaged bytes of numpy's own file
case("truncated-data", raw("truncated-data", good_bytes[:-7]), good, 2, "truncated")
case("truncated-header", raw("truncated-header", good_bytes[: header_end // 2]), good, 2, "truncated")
case("preamble-only", raw("preamble-only", good_bytes[:9]), good, 2, "truncated")
case("trailing-bytes", raw("trailing-bytes", good_bytes + b"\0" * 12), good, 2, "bytes after the data")
case("bad-magic", raw("bad-magic", b"\x93NUMPZ" + good_bytes[6:]), good, 2, "not a .npy file")
case("version-4", raw("version-4", good_bytes[:6] + b"\x04\x00" + good_bytes[8:]), good, 2, "version 4")
case("empty-file", raw("empty-file", b""), good, 2, "empty-file.npy")
case("text-file", raw("text-file", b"this is plain text, not a numpy array\n"), good, 2, "not a .npy file")
case("header-length-beyond-file", raw("header-length", good_bytes[:8] + b"\xff\xff" + good_bytes[10:]), good, 2,
     "header claims")


def with_header(name, text):
    body = good_bytes[header_end:]
    h = text.encode("latin1")
    h = h + b" " * ((64 - (10 + len(h) + 1) % 64) % 64) + b"\n"
    return raw(name, good_bytes[:8] + len(h).to_bytes(2, "little") + h + body)


case("header-not-a-dict", with_header("header-garbage", "garbage that is not a dict"), good, 2, "malformed header")
case("negative-dimension", with_header("negative", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, -5, 6), }"),
     good, 2, "out of range")
case("huge-shape", with_header("huge", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 5000000000, 6), }"),
     good, 2, "out of range")
case("shape-overflows-int", with_header("overflow",
                                        "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000, 2), }"),
     good, 2, "overflow")
case("shape-not-integers", with_header("shape-text", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'a', 5, 6), }"),
     good, 2, "not a tuple of integers")

for c in cases:
    print("\t".join(str(x) for x in c))
