#!/usr/bin/python3
"""Writes scikit-learn's bundled tables as CSV files with their natural headers, and scores
scikit-learn's MLPClassifier / MLPRegressor (default settings) on the 80/20 split axon makes.

    tools/sklearn_tables.py write DIR        iris.csv (text species), wine, breast_cancer,
                                             digits, diabetes (target: disease progression)
    tools/sklearn_tables.py score DIR AXON [SEED...]
                                             trains axon (no flags besides --label_column and
                                             --seed, default 42) and scikit-learn on the same
                                             held-out rows; prints a Markdown table

The held-out rows are the ones `axon eval --report` lists, so both libraries are scored on the
same test set. Needs Debian's python3-sklearn.
"""
import csv
import json
import os
import subprocess
import sys
import warnings

import numpy as np
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

TABLES = {
    # name: (loader, label column, task)
    "iris": (datasets.load_iris, "species", "classification"),
    "wine": (datasets.load_wine, "cultivar", "classification"),
    "breast_cancer": (datasets.load_breast_cancer, "diagnosis", "classification"),
    "digits": (datasets.load_digits, "digit", "classification"),
    "diabetes": (datasets.load_diabetes, "progression", "regression"),
}


def write(directory):
    os.makedirs(directory, exist_ok=True)
    for name, (loader, label, task) in TABLES.items():
        bunch = loader(as_frame=False) if name != "diabetes" else loader(scaled=False)
        x, y = bunch.data, bunch.target
        if name == "iris":
            y = [bunch.target_names[k] for k in y]  # setosa, versicolor, virginica
        elif name == "breast_cancer":
            y = [bunch.target_names[k] for k in y]  # malignant, benign
        columns = list(bunch.feature_names) if hasattr(bunch, "feature_names") else []
        if not columns:
            columns = [f"x{j}" for j in range(x.shape[1])]
        with open(os.path.join(directory, name + ".csv"), "w", newline="") as f:
            out = csv.writer(f)
            out.writerow(columns + [label])
            for row, target in zip(x, y):
                out.writerow([f"{v:g}" for v in row] + [target if isinstance(target, str)
                                                         else f"{target:g}"])


def read(path, label):
    with open(path) as f:
        rows = list(csv.reader(f))
    header = rows[0]
    j = header.index(label)
    x = np.array([[float(v) for k, v in enumerate(r) if k != j] for r in rows[1:]])
    y = [r[j] for r in rows[1:]]
    return x, y


def score_one(directory, axon, name, seed):
    """axon's held-out score from train, eval's score of the same rows, and scikit-learn's MLP
    (raw features, and standardized as axon does) on those rows."""
    _, label, task = TABLES[name]
    path = os.path.join(directory, name + ".csv")
    model = os.path.join(directory, f"{name}-{seed}.axon")
    report = os.path.join(directory, f"{name}-{seed}.json")
    train = subprocess.run([axon, "train", "--data", "csv:" + path, "--label_column", label,
                            "--seed", str(seed), "--save", model],
                           capture_output=True, text=True, check=True)
    test_line = [l for l in train.stdout.splitlines() if l.startswith("Test:")][0]
    key = "accuracy " if task == "classification" else "r2 "
    held_out = float(test_line.split(key)[1].split(" ")[0])
    subprocess.run([axon, "eval", "--model", model, "--data", "csv:" + path, "--report", report],
                   capture_output=True, text=True, check=True)
    with open(report) as f:
        j = json.load(f)
    rows = set(j["row_indices"])  # 0-based data rows held out in training
    x, y = read(path, label)
    test = np.array([i in rows for i in range(len(y))])
    warnings.simplefilter("ignore", ConvergenceWarning)
    scaled = StandardScaler().fit(x[~test])
    theirs = []
    for inputs in (x, scaled.transform(x)):
        if task == "classification":
            labels = np.array(y)
            mlp = MLPClassifier(random_state=0).fit(inputs[~test], labels[~test])
            theirs.append(accuracy_score(labels[test], mlp.predict(inputs[test])))
        else:
            values = np.array(y, dtype=float)
            mlp = MLPRegressor(random_state=0).fit(inputs[~test], values[~test])
            theirs.append(r2_score(values[test], mlp.predict(inputs[test])))
    ours = j["metrics"]["accuracy" if task == "classification" else "r2"]
    return held_out, ours, theirs[0], theirs[1], int(test.sum()), len(y)


def score(directory, axon, seeds):
    print("| data (rows, test rows) | metric | axon train | axon eval | scikit-learn MLP | "
          "scikit-learn MLP, standardized | mean over seeds " + ",".join(map(str, seeds)) +
          ": axon / scikit-learn / standardized |")
    print("|---|---|---|---|---|---|---|")
    for name, (_, _, task) in TABLES.items():
        results = [score_one(directory, axon, name, seed) for seed in seeds]
        held_out, ours, theirs, scaled, tests, rows = results[0]
        mean = [sum(r[i] for r in results) / len(results) for i in (0, 2, 3)]
        metric = "accuracy" if task == "classification" else "R²"
        print(f"| {name} ({rows}, {tests}) | {metric} | {held_out:.4f} | {ours:.4f} | "
              f"{theirs:.4f} | {scaled:.4f} | {mean[0]:.4f} / {mean[1]:.4f} / {mean[2]:.4f} |")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3], [int(s) for s in sys.argv[4:]] or [42])
    else:
        sys.exit(__doc__)
