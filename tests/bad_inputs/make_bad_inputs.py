#!/usr/bin/env python3
"""Writes the corpus of bad input files beside this script; manifest.txt says what each must make
`axon` print. Deterministic: running it again rewrites the same bytes. The two good models the
model cases start from are trained by the built command:

    tests/bad_inputs/make_bad_inputs.py build/cli/axon
"""
import gzip
import pathlib
import shutil
import struct
import subprocess
import sys
import zlib

HERE = pathlib.Path(__file__).resolve().parent


def idx(dims, values, type_byte=8):
    header = bytes([0, 0, type_byte, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims)
    return header + bytes(v % 256 for v in values)


GOOD = {
    "train-images-idx3-ubyte": idx([6, 2, 2], range(24)),
    "train-labels-idx1-ubyte": idx([6], [0, 1, 2, 0, 1, 2]),
    "t10k-images-idx3-ubyte": idx([3, 2, 2], range(12)),
    "t10k-labels-idx1-ubyte": idx([3], [2, 1, 0]),
}


def idx_dir(name, **replace):
    """An IDX directory of the four files, GOOD but for the ones given (key: file prefix)."""
    directory = HERE / "idx" / name
    directory.mkdir(parents=True, exist_ok=True)
    for file_name, data in GOOD.items():
        key = file_name.replace("-idx3-ubyte", "").replace("-idx1-ubyte", "").replace("-", "_")
        data = replace.get(key, data)
        if isinstance(data, tuple):  # (suffix, bytes): e.g. a gzipped file
            (directory / (file_name + data[0])).write_bytes(data[1])
        else:
            (directory / file_name).write_bytes(data)


def gz(data):
    return gzip.compress(data, mtime=0)


def idx_cases():
    shutil.rmtree(HERE / "idx", ignore_errors=True)
    idx_dir("good")
    idx_dir("bad_magic", train_images=b"\x01\x02\x08\x03" + GOOD["train-images-idx3-ubyte"][4:])
    idx_dir("float_type", train_images=idx([6, 2, 2], range(24), type_byte=0x0D))
    idx_dir("truncated_header", train_images=b"\x00\x00\x08\x03\x00\x00\x00\x06\x00")
    idx_dir("truncated_data", train_images=idx([6, 2, 2], range(24))[:-5])
    idx_dir("trailing_bytes", train_images=idx([6, 2, 2], range(24)) + b"\x00\x01")
    idx_dir("overflow_dims", train_images=idx([0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF], []))
    idx_dir("exceeds_file", train_images=idx([1000, 28, 28], range(40)))
    idx_dir("too_large_for_memory", train_images=idx([1000000, 1000, 1000], []))
    idx_dir("empty_file", train_labels=b"")
    idx_dir("count_mismatch", train_labels=idx([5], [0, 1, 2, 0, 1]))
    idx_dir("labels_rank2", train_labels=idx([6, 1], [0, 1, 2, 0, 1, 2]))
    idx_dir("images_rank1", train_images=idx([24], range(24)))
    idx_dir("no_images", train_images=idx([0, 2, 2], []), train_labels=idx([0], []))
    idx_dir("zero_pixels", train_images=idx([6, 0, 2], []))
    idx_dir("test_pixels_differ", t10k_images=idx([3, 3, 3], range(27)))
    corrupt = bytearray(gz(GOOD["train-images-idx3-ubyte"]))
    corrupt[12] ^= 0xFF
    idx_dir("gzip_corrupt", train_images=(".gz", bytes(corrupt)))
    idx_dir("gzip_truncated", train_images=(".gz", gz(GOOD["train-images-idx3-ubyte"])[:20]))
    idx_dir("test_labels_beyond_model", t10k_labels=idx([3], [2, 7, 0]))


def csv_cases():
    files = {
        "good.csv": "x1,x2,x3,label\n0.1,1,2,0\n0.3,1.5,2.5,1\n-1,0,1,2\n2,2,2,0\n1,-1,0,1\n0,0,0,2\n",
        "ragged.csv": "x1,x2,label\n1,2,0\n3,4\n5,6,1\n",
        "non_numeric.csv": "x1,x2,label\n1,2,0\n3,abc,1\n",
        "nan.csv": "x1,x2,label\n1,2,0\n3,nan,1\n",
        "infinite.csv": "x1,x2,label\n1,-inf,0\n3,4,1\n",
        "beyond_float.csv": "x1,x2,label\n1,2,0\n3,1e999,1\n",
        "empty.csv": "",
        "header_only.csv": "x1,x2,label\n",
        "one_column.csv": "label\n0\n1\n",
        "fractional_label.csv": "x1,x2,label\n1,2,0\n3,4,2.5\n",
        "three_features.csv": "a,b,c\n1,2,3\n4,5,6\n",
        "five_features.csv": "a,b,c,d,e\n1,2,3,4,5\n",
    }
    directory = HERE / "csv"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    for name, text in files.items():
        (directory / name).write_text(text)
    (directory / "binary.csv").write_bytes(b"x1,x2,label\n\x00\x01\x02,\xff\xfe,1\n")
    (directory / "truncated.csv.gz").write_bytes(gz(files["good.csv"].encode())[:25])


# Model files: 24-byte header (magic, u32 version, u32 reserved, u64 payload size), the sections,
# then the CRC-32 of everything before it (docs/model-format.md).
def with_crc(body):
    return body + struct.pack("<I", zlib.crc32(body))


def sections(model):
    out, at = [], 24
    while at < len(model) - 4:
        tag, length = model[at:at + 4], struct.unpack("<Q", model[at + 4:at + 12])[0]
        out.append((tag, model[at + 12:at + 12 + length]))
        at += 12 + length
    return out


def assemble(header, parts):
    payload = b"".join(tag + struct.pack("<Q", len(body)) + body for tag, body in parts)
    return with_crc(header[:16] + struct.pack("<Q", len(payload)) + payload)


def model_cases(axon):
    directory = HERE / "model"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    good = directory / "good_csv.axon"
    subprocess.run([axon, "train", "--data", "csv:" + str(HERE / "csv" / "good.csv"), "--layers",
                    "auto", "4", "auto", "--epochs", "2", "--verbose_epoch", "0", "--test_split",
                    "0", "--save", str(good)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([axon, "train", "--data", "idx:" + str(HERE / "idx" / "good"), "--layers",
                    "auto", "4", "auto", "--epochs", "2", "--verbose_epoch", "0", "--save",
                    str(directory / "good_images.axon")], check=True, stdout=subprocess.DEVNULL)
    model = good.read_bytes()
    parts = sections(model)
    cases = {
        "empty.axon": b"",
        "text.axon": b"this is not a model\n",
        "truncated.axon": model[:len(model) // 2],
        "trailing_bytes.axon": model + b"\x00\x00\x00",
        "newer_version.axon": with_crc(model[:8] + struct.pack("<I", 99) + model[12:-4]),
    }
    flipped = bytearray(model)
    flipped[len(model) // 2] ^= 0x01
    cases["bad_checksum.axon"] = bytes(flipped)
    weights = dict(parts)[b"WGHT"]
    nan_weights = weights[:8] + struct.pack("<f", float("nan")) + weights[12:]
    cases["nan_weights.axon"] = assemble(
        model, [(t, nan_weights if t == b"WGHT" else b) for t, b in parts])
    cases["missing_section.axon"] = assemble(model, [(t, b) for t, b in parts if t != b"PREP"])
    cases["huge_layer.axon"] = assemble(model, [
        (t, b[:8 + 8 + 4 + 4 + 5] + struct.pack("<QQ", 1 << 20, 1 << 12) + b[8 + 8 + 4 + 4 + 5 + 16:]
         if t == b"ARCH" else b) for t, b in parts])
    for name, data in cases.items():
        (directory / name).write_bytes(data)


if __name__ == "__main__":
    idx_cases()
    csv_cases()
    if len(sys.argv) > 1:
        model_cases(sys.argv[1])
