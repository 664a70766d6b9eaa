#!/usr/bin/env python3
"""axon train --shard of a CSV table and of NumPy archives on two ranks, end to end: each rank
parses or decodes only its block of the rows, while the column types, categories and class count
come from the whole file and the standardization from every rank's rows. The same numbers as a
CSV file (with a text column, one-hot encoded), as an .npz of stored arrays (numpy.savez: read in
place through a mapping) and as an .npz of deflated ones (numpy.savez_compressed) must give
bit-identical weights; the test metrics rank 0 prints must be those `axon eval` finds on the rows
the ranks held out of their blocks.

Usage: check_shard_tables.py AXON MPIRUN [MPIRUN FLAGS...]   (MPIRUN FLAGS without -np)"""
import io
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile

from cli_checks import Checks, run

COLORS = ["blue", "green", "red"]  # sorted: the one-hot order axon gives a text column


def table(rows):
    """rows of (a, b, color, c, label); every value a float32 exactly, so CSV and npz agree."""
    out, state = [], 7
    for i in range(rows):
        state = (state * 1103515245 + 12345) % (1 << 31)
        a = (state % 129 - 64) / 32.0
        b = (state // 129 % 200) / 8.0
        color = COLORS[state // 25800 % 3]
        c = float(i % 10)
        label = (int(a > 0) + (color == "red") + (c > 5)) % 3
        out.append((a, b, color, c, label))
    return out


def npy(shape, dtype, values):
    header = f"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {tuple(shape)}, }}"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    code = "f" if dtype == "<f4" else "q"
    return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() +
            struct.pack(f"<{len(values)}{code}", *values))


def write_files(directory, rows):
    data = table(rows)
    csv = os.path.join(directory, "t.csv")
    with open(csv, "w") as f:
        f.write("a,b,color,c,label\n")
        for a, b, color, c, label in data:
            f.write(f"{a!r},{b!r},{color},{c:g},{label}\n")
    x = []
    for a, b, color, c, _ in data:
        x += [a, b] + [1.0 if color == k else 0.0 for k in COLORS] + [c]
    y = [row[4] for row in data]
    arrays = {"x.npy": npy((rows, 6), "<f4", x), "y.npy": npy((rows,), "<i8", y)}
    paths = []
    for name, method in (("stored.npz", zipfile.ZIP_STORED), ("deflated.npz", zipfile.ZIP_DEFLATED)):
        path = os.path.join(directory, name)
        with zipfile.ZipFile(path, "w", method) as z:
            for entry, content in arrays.items():
                z.writestr(entry, content)
        paths.append(path)
    return csv, paths


def weights(npz):
    with zipfile.ZipFile(npz) as z:
        return {name: z.read(name) for name in sorted(z.namelist())}


def main():
    axon, mpirun = sys.argv[1], sys.argv[2:]
    checks = Checks()
    expect = checks.expect

    with tempfile.TemporaryDirectory() as tmp:
        csv, npzs = write_files(tmp, 301)  # blocks of 150 and 151
        two = mpirun + ["-np", "2", axon]
        flags = ["--shard", "--layers", "auto", "8", "auto", "--epochs", "4", "--batch_size", "16",
                 "--threads", "1", "--matmul", "fp32", "--test_split", "0.2",
                 "--validation_split", "0.1"]
        exported = {}
        for name, source in (("csv", csv), ("stored", npzs[0]), ("deflated", npzs[1])):
            model = os.path.join(tmp, name + ".axon")
            code, out, err = run(two + ["train", "--data", source, "--save", model] + flags)
            expect(code == 0, f"the sharded run on {name} failed", out + err)
            expect("rank 0 of 2 reads its block" in out, f"{name}: rank 0 does not read a block",
                   out)
            # 150 and 151 rows; 30 and 30 test rows; 12 and 12 validation rows of the rest.
            expect("Split: 217 training, 24 validation, 60 test samples, 3 classes" in out,
                   f"{name}: the split does not count every rank's rows", out)
            npz = os.path.join(tmp, name + "_weights.npz")
            code, out2, err = run([axon, "export", "--model", model, "--npz", npz])
            expect(code == 0, f"export of {name} failed", out2 + err)
            exported[name] = weights(npz) if code == 0 else {}
            if name == "csv":
                test = re.search(r"Test: loss (\S+)  accuracy (\S+) \(60 samples\)", out)
                expect(test is not None, "no test line over the 60 held-out rows", out)
                code, out, err = run([axon, "eval", "--model", model, "--data", csv])
                expect(code == 0 and "the 60 test rows of 301 held out" in out,
                       "axon eval does not find the rows the ranks held out", out + err)
                if test:
                    expect(f"Accuracy: {test.group(2)}" in out,
                           f"the sharded test accuracy {test.group(2)} is not eval's", out)
        expect(exported["csv"] and exported["csv"] == exported["stored"],
               "CSV and stored npz blocks train to different weights")
        expect(exported["stored"] == exported["deflated"],
               "stored and deflated npz blocks train to different weights")

        # Rank 1's block holds a bad cell: both ranks parse every line, so both report it.
        with open(csv) as f:
            lines = f.read().split("\n")
        lines[250] = lines[250].replace(",", ",oops", 1)
        bad = os.path.join(tmp, "bad.csv")
        with open(bad, "w") as f:
            f.write("\n".join(lines))
        try:
            code, out, err = run(two + ["train", "--data", bad, "--shard"], timeout=60)
            expect(code != 0 and "line 251" in err, "a bad cell in rank 1's block is not reported",
                   out + err)
        except subprocess.TimeoutExpired:
            expect(False, "a bad cell in one block left the job waiting")

    return checks.exit_code()


if __name__ == "__main__":
    sys.exit(main())
