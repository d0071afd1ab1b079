"""Reference for bench/hillstrom-uplift.ts: a scikit-learn T-learner per arm on the same train/holdout rows.

usage: python3 hillstrom_tlearner.py hillstrom.csv DIR C
DIR holds train.txt / holdout.txt (row indices into the file's data rows) and ours-<armcode>.txt (our T-learner's
holdout scores). Prints JSON {armcode: {sklearn, oursRecomputed, random}}: AUUC (normalised Qini, as sklift's
qini_auc_score) of sklearn's uplift scores, of ours, and the mean over 20 random rankings.
"""
import csv
import json
import os
import sys

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

path, d, C = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
NUM = ["recency", "history", "mens", "womens", "newbie"]
CAT = ["history_segment", "zip_code", "channel"]
X = np.array([[r[c] for c in NUM + CAT] for r in rows], dtype=object)
for j in range(len(NUM)):
    X[:, j] = X[:, j].astype(float)
y = np.array([int(r["visit"]) for r in rows], dtype=float)
arm_names = sorted({r["segment"] for r in rows})
arm = np.array([arm_names.index(r["segment"]) for r in rows])
control = arm_names.index("No E-Mail")
train = np.loadtxt(os.path.join(d, "train.txt"), dtype=int)
hold = np.loadtxt(os.path.join(d, "holdout.txt"), dtype=int)


def model():
    ct = ColumnTransformer(
        [("num", "passthrough", list(range(len(NUM)))),
         ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), list(range(len(NUM), len(NUM) + len(CAT))))]
    )
    return make_pipeline(ct, StandardScaler(), LogisticRegression(C=C, max_iter=1000, tol=1e-8))


def qini_curve(yv, s, t):
    order = np.argsort(-s, kind="mergesort")
    yv, s, t = yv[order], s[order], t[order]
    idx = np.r_[np.where(np.diff(s))[0], len(s) - 1]
    n_all = idx + 1
    n_t = np.cumsum(t)[idx]
    n_c = n_all - n_t
    y_t = np.cumsum(yv * t)[idx]
    y_c = np.cumsum(yv * (1 - t))[idx]
    ratio = np.divide(n_t, n_c, out=np.zeros(len(n_t)), where=n_c != 0)
    return np.r_[0, n_all], np.r_[0, y_t - y_c * ratio]


def trapezoid(yv, xv):
    yv, xv = np.asarray(yv, dtype=float), np.asarray(xv, dtype=float)
    return float(np.sum((xv[1:] - xv[:-1]) * (yv[1:] + yv[:-1]) / 2))


def qini_auc(yv, s, t):
    xa, ya = qini_curve(yv, s, t)
    xp, yp = qini_curve(yv, yv * t - yv * (1 - t), t)
    base = trapezoid([0, yp[-1]], [0, xp[-1]])
    return (trapezoid(ya, xa) - base) / (trapezoid(yp, xp) - base)


c_rows = train[arm[train] == control]
mc = model().fit(X[c_rows], y[c_rows])
out = {}
rng = np.random.default_rng(7)
for a in range(len(arm_names)):
    if a == control:
        continue
    t_rows = train[arm[train] == a]
    mt = model().fit(X[t_rows], y[t_rows])
    h = np.array([i for i in range(len(hold)) if arm[hold[i]] in (a, control)])
    rows_h = hold[h]
    t = (arm[rows_h] == a).astype(float)
    s = mt.predict_proba(X[rows_h])[:, 1] - mc.predict_proba(X[rows_h])[:, 1]
    ours = np.loadtxt(os.path.join(d, f"ours-{a}.txt"))[h]
    rand = float(np.mean([qini_auc(y[rows_h], rng.random(len(h)), t) for _ in range(20)]))
    out[str(a)] = {"sklearn": float(qini_auc(y[rows_h], s, t)), "oursRecomputed": float(qini_auc(y[rows_h], ours, t)),
                   "random": rand}
print(json.dumps(out))
