#!/usr/bin/env python3
"""Writes the small .npy files HostTensor's reader is tested with, using numpy's own writer.

Usage: /usr/bin/python3 make_npy_fixtures.py OUT_DIR
"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
values = (np.arange(24, dtype=np.float64).reshape(2, 3, 4) - 11.5) / 3.0
np.save(os.path.join(out, "f4_le.npy"), values.astype("<f4"))
np.save(os.path.join(out, "f4_be.npy"), values.astype(">f4"))
np.save(os.path.join(out, "f8_le.npy"), values.astype("<f8"))
np.save(os.path.join(out, "f8_be.npy"), values.astype(">f8"))
np.save(os.path.join(out, "scalar.npy"), np.float32(2.5))
np.save(os.path.join(out, "empty.npy"), np.zeros((0, 3), dtype=np.float32))
np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(values.astype("<f4")))
np.save(os.path.join(out, "int32.npy"), np.arange(6, dtype=np.int32))
with open(os.path.join(out, "v2.npy"), "wb") as fh:
    np.lib.format.write_array(fh, values.astype("<f4"), version=(2, 0))
full = open(os.path.join(out, "f4_le.npy"), "rb").read()
open(os.path.join(out, "truncated.npy"), "wb").write(full[:-10])
open(os.path.join(out, "not_npy.npy"), "wb").write(b"hello, this is text\n")
