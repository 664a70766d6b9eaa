"""Reference values of axon's metrics (src/axon/metrics/), computed with scikit-learn 1.2.

Run with Debian's Python and python3-sklearn:

    /usr/bin/python3 tests/reference/metrics.py

and paste the printed numbers into tests/metrics/class_scores_test.cpp and
tests/metrics/regression_metrics_test.cpp, where the same inputs are written out.
"""

import numpy as np
from sklearn.metrics import (
    mean_absolute_error,
    mean_squared_error,
    precision_recall_fscore_support,
    r2_score,
)

# Five classes: 3 is only ever predicted (precision 0, recall undefined -> 0), 4 never occurs and
# is left out of the macro average.
Y_TRUE = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 0, 1, 2, 0, 1, 2, 2, 0]
Y_PRED = [0, 0, 1, 2, 1, 1, 0, 2, 2, 3, 2, 1, 0, 1, 2, 3, 2, 2, 0, 0]

# Binary labels, as a single sigmoid output predicts them.
B_TRUE = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
B_PRED = [1, 0, 0, 1, 1, 0, 1, 0, 1, 0]

# Two outputs, six rows.
R_TRUE = np.array([[3.0, -0.5], [-0.5, 1.0], [2.0, 2.5], [7.0, 4.0], [1.5, 0.0], [4.0, 2.0]])
R_PRED = np.array([[2.5, 0.0], [0.0, 1.5], [2.0, 2.0], [8.0, 3.0], [1.0, 0.5], [4.5, 2.5]])


def show(name, values):
    print("%s: {%s}" % (name, ", ".join("%.17g" % v for v in values)))


for label, (t, p) in {"multiclass": (Y_TRUE, Y_PRED), "binary": (B_TRUE, B_PRED)}.items():
    precision, recall, f1, support = precision_recall_fscore_support(t, p, zero_division=0)
    print("# %s, per class (labels %s)" % (label, sorted(set(t) | set(p))))
    show("precision", precision)
    show("recall", recall)
    show("f1", f1)
    show("support", support)
    macro = precision_recall_fscore_support(t, p, average="macro", zero_division=0)
    print("# %s, macro" % label)
    show("macro precision recall f1", macro[:3])

print("# regression")
show("mse", [mean_squared_error(R_TRUE, R_PRED)])
show("mae", [mean_absolute_error(R_TRUE, R_PRED)])
show("r2", [r2_score(R_TRUE, R_PRED)])
