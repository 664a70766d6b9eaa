#!/usr/bin/env python3
"""axon train --shard on two ranks, end to end: each rank reads its block of a small IDX directory
(gzipped training files, plain test files); the test accuracy rank 0 prints (summed over the
ranks' blocks) is the one `axon eval` finds on all test images in one process; a sharded run
resumed from its checkpoint saves the same model file as one never stopped; a block cut short on
one rank stops the job; --shard on a source it cannot split is refused on both ranks.

Usage: check_shard_cli.py AXON MPIRUN [MPIRUN FLAGS...]   (MPIRUN FLAGS without -np)"""
import gzip
import os
import re
import subprocess
import sys
import tempfile

from cli_checks import Checks, run


def idx(dims, values):
    head = bytes([0, 0, 8, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)
    return head + bytes(values)


def images(count, seed):
    """count 4x4 images of 3 classes: the bright quarter is the class, plus noise."""
    pixels, labels, state = [], [], seed
    for i in range(count):
        label = (i * 7 + i // 5) % 3
        for p in range(16):
            state = (state * 1103515245 + 12345) % (1 << 31)
            pixels.append(min(255, (120 if p // 4 == label else 20) + state % 160))
        labels.append(label)
    return pixels, labels


def write_dir(path):
    train_x, train_y = images(203, 1)
    test_x, test_y = images(41, 2)
    with gzip.open(os.path.join(path, "train-images-idx3-ubyte.gz"), "wb") as f:
        f.write(idx([203, 4, 4], train_x))
    with gzip.open(os.path.join(path, "train-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(idx([203], train_y))
    with open(os.path.join(path, "t10k-images-idx3-ubyte"), "wb") as f:
        f.write(idx([41, 4, 4], test_x))
    with open(os.path.join(path, "t10k-labels-idx1-ubyte"), "wb") as f:
        f.write(idx([41], test_y))


def main():
    axon, mpirun = sys.argv[1], sys.argv[2:]
    checks = Checks()
    expect = checks.expect

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        os.mkdir(data)
        write_dir(data)
        flags = ["train", "--data", "idx:" + data, "--shard", "--layers", "auto", "8", "auto",
                 "--batch_size", "16", "--validation_split", "0.2", "--threads", "1",
                 "--learning_rate", "0.01"]
        two = mpirun + ["-np", "2", axon]

        # 203 rows: blocks of 101 and 102; 20 and 20 validation rows (split_size of each block).
        model = os.path.join(tmp, "m.axon")
        code, out, err = run(two + flags + ["--epochs", "6", "--save", model])
        expect(code == 0, "the sharded run failed", out + err)
        expect("Split: 163 training, 40 validation, 41 test samples, 3 classes" in out,
               "the split does not count every rank's rows", out)
        expect(out.count("Test: ") == 1, "the test line is not printed once", out)
        test = re.search(r"Test: loss (\S+)  accuracy (\S+) \(41 samples\)", out)
        expect(test is not None, "no test line over the 41 test images", out)
        code, out, err = run([axon, "eval", "--model", model, "--data", "idx:" + data])
        expect(code == 0, "axon eval failed", out + err)
        if test:
            expect(f"Accuracy: {test.group(2)}" in out,
                   f"the sharded test accuracy {test.group(2)} is not eval's on all 41", out)
            loss = re.search(r"Loss \(cross_entropy\): (\S+)", out)
            expect(loss is not None and f"{float(loss.group(1)):.4f}" == test.group(1),
                   f"the sharded test loss {test.group(1)} is not eval's on all 41", out)
            print(f"sharded test accuracy {test.group(2)}, loss {test.group(1)}; eval:\n{out}")

        ckpt = os.path.join(tmp, "run.ckpt")
        code, out, err = run(two + flags + ["--epochs", "3", "--checkpoint", ckpt])
        expect(code == 0, "the first 3 sharded epochs failed", out + err)
        resumed = os.path.join(tmp, "resumed.axon")
        code, out, err = run(two + flags + ["--epochs", "6", "--resume", ckpt, "--save", resumed])
        expect(code == 0, "the resumed sharded run failed", out + err)
        with open(model, "rb") as a, open(resumed, "rb") as b:
            expect(a.read() == b.read(), "sharded: resumed to 6 epochs differs from 6 never stopped")

        # Rank 1's block is cut short, rank 0's is whole: rank 1 alone fails, and the job must
        # stop (rank 0 would otherwise wait for it in the first collective call).
        cut = os.path.join(tmp, "cut")
        os.mkdir(cut)
        write_dir(cut)
        path = os.path.join(cut, "train-images-idx3-ubyte.gz")
        with gzip.open(path, "rb") as f:
            whole = f.read()
        with gzip.open(path, "wb") as f:
            f.write(whole[:-50])
        try:
            code, out, err = run(two + ["train", "--data", "idx:" + cut, "--shard"], timeout=60)
            expect(code != 0 and "truncated or corrupt IDX data: rows 101 to 203" in err,
                   "a block cut short on rank 1 is not reported", out + err)
        except subprocess.TimeoutExpired:
            expect(False, "an error on rank 1 alone left the job waiting")

        code, out, err = run(two + ["train", "--data", "xor", "--shard"])
        expect(code != 0 and err.count("--shard reads a rank's rows of IDX, CSV and NumPy sources only") == 2,
               "--shard of a generated source is not refused by both ranks", out + err)

    return checks.exit_code()


if __name__ == "__main__":
    sys.exit(main())
