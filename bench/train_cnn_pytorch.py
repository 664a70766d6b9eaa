#!/usr/bin/python3
"""The CNN of bench/train_cnn.cpp in PyTorch 1.13, on the same data, threads and settings.

    /usr/bin/python3 bench/train_cnn_pytorch.py [--epochs 3] [--threads 2] [--train-limit N]

conv 32 3x3 relu, maxpool 2, conv 64 3x3 relu, maxpool 2, flatten, dense 128 relu, dense 10;
cross-entropy, Adam 1e-3, batch 128, shuffled every epoch. Prints one JSON line like train_cnn.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"


def load(data_dir, name, offset, shape):
    raw = gzip.open(os.path.join(data_dir, name)).read()
    return np.frombuffer(raw, np.uint8, offset=offset).reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=DATA)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--train-limit", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    x = torch.from_numpy(load(args.data, "train-images-idx3-ubyte.gz", 16, (-1, 1, 28, 28))
                         .astype(np.float32) / 255)
    y = torch.from_numpy(load(args.data, "train-labels-idx1-ubyte.gz", 8, (-1,)).astype(np.int64))
    x_test = torch.from_numpy(load(args.data, "t10k-images-idx3-ubyte.gz", 16, (-1, 1, 28, 28))
                              .astype(np.float32) / 255)
    y_test = torch.from_numpy(load(args.data, "t10k-labels-idx1-ubyte.gz", 8, (-1,))
                              .astype(np.int64))
    if args.train_limit:
        x, y = x[:args.train_limit], y[:args.train_limit]
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(1600, 128), nn.ReLU(), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    seconds, losses = [], []
    for _ in range(args.epochs):
        start = time.perf_counter()
        order = torch.randperm(x.shape[0])
        total = 0.0
        for i in range(0, x.shape[0], args.batch):
            rows = order[i:i + args.batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[rows]), y[rows])
            loss.backward()
            optimizer.step()
            total += loss.item() * rows.shape[0]
        seconds.append(time.perf_counter() - start)
        losses.append(total / x.shape[0])
    start = time.perf_counter()
    with torch.no_grad():
        correct = sum((model(x_test[i:i + 256]).argmax(1) == y_test[i:i + 256]).sum().item()
                      for i in range(0, x_test.shape[0], 256))
    print(json.dumps({"system": "pytorch %s" % torch.__version__, "threads": args.threads,
                      "batch": args.batch, "train_samples": x.shape[0],
                      "epoch_s": [round(s, 2) for s in seconds],
                      "losses": [round(v, 4) for v in losses],
                      "test_accuracy": correct / x_test.shape[0],
                      "test_s": round(time.perf_counter() - start, 2)}))


if __name__ == "__main__":
    main()
