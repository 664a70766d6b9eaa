#!/usr/bin/python3
"""Writes scikit-learn's bundled tables as CSV files with their natural headers, and scores
scikit-learn's MLPClassifier / MLPRegressor (default settings) on the 80/20 split axon makes.

    tools/sklearn_tables.py write DIR        iris.csv (text species), wine, breast_cancer,
                                             digits, diabetes (target: disease progression)
    tools/sklearn_tables.py score DIR AXON   trains axon (no flags besides --label_column) and
                                             scikit-learn on the same held-out rows; prints a
                                             Markdown table

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


def score(directory, axon):
    print("| data | task | axon (held-out) | axon eval | scikit-learn MLP |")
    print("|---|---|---|---|---|")
    for name, (_, label, task) in TABLES.items():
        path = os.path.join(directory, name + ".csv")
        model = os.path.join(directory, name + ".axon")
        report = os.path.join(directory, name + ".json")
        train = subprocess.run([axon, "train", "--data", "csv:" + path, "--label_column", label,
                                "--save", model], capture_output=True, text=True, check=True)
        test_line = [l for l in train.stdout.splitlines() if l.startswith("Test:")][0]
        subprocess.run([axon, "eval", "--model", model, "--data", "csv:" + path, "--report",
                        report], capture_output=True, text=True, check=True)
        with open(report) as f:
            j = json.load(f)
        rows = set(j["row_indices"])  # 0-based data rows held out in training
        x, y = read(path, label)
        test = np.array([i in rows for i in range(len(y))])
        warnings.simplefilter("ignore", ConvergenceWarning)
        if task == "classification":
            mlp = MLPClassifier(random_state=0).fit(x[~test], np.array(y)[~test])
            theirs = accuracy_score(np.array(y)[test], mlp.predict(x[test]))
            ours = j["metrics"]["accuracy"]
            metric = "accuracy"
        else:
            yf = np.array(y, dtype=float)
            mlp = MLPRegressor(random_state=0).fit(x[~test], yf[~test])
            theirs = r2_score(yf[test], mlp.predict(x[test]))
            ours = j["metrics"]["r2"]
            metric = "R²"
        held_out = test_line.split("accuracy ")[-1].split(" ")[0] if task == "classification" \
            else test_line.split("r2 ")[-1].split(" ")[0]
        print(f"| {name} ({len(y)} rows) | {task} | {metric} {held_out} | {ours:.4f} | "
              f"{theirs:.4f} |")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "score":
        score(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
