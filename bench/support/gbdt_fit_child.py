"""One timed fit of sklearn's HistGradientBoostingClassifier or XGBoost (hist, leaf-wise) in its own process, run by
bench/gbdt-vs-sklearn.ts:  /usr/bin/python3 bench/support/gbdt_fit_child.py <dir> <sklearn|xgboost> <threads> [seed]
(seed: random_state, 0 when absent; for sklearn without early stopping it only picks the binning subsample)
Same parameters as ours: 200 rounds, learning rate 0.1, <= 31 leaves, depth <= 6, L2 1, 255 bins, no early stopping;
min 20 rows per leaf (sklearn; XGBoost has no row minimum: min_child_weight 1e-3 like ours). Prints one JSON line
(fitCpuSeconds: CPU seconds of all the process's threads during fit alone)."""
import json, os, resource, sys, time
import numpy as np
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

d, lib, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
meta = json.load(open(os.path.join(d, 'meta.json')))
X = np.fromfile(os.path.join(d, 'X.f64'), dtype='<f8').reshape(meta['n'], meta['d'])
y = np.fromfile(os.path.join(d, 'y.f64'), dtype='<f8')
tr = np.fromfile(os.path.join(d, 'train.i32'), dtype='<i4')
te = np.fromfile(os.path.join(d, 'test.i32'), dtype='<i4')
Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]
with threadpool_limits(limits=threads):
    if lib == 'sklearn':
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier
        version = sklearn.__version__
        m = HistGradientBoostingClassifier(learning_rate=0.1, max_iter=200, max_leaf_nodes=31, max_depth=6,
                                           min_samples_leaf=20, l2_regularization=1.0, max_bins=255,
                                           early_stopping=False, random_state=seed)
    else:
        import xgboost
        from xgboost import XGBClassifier
        version = xgboost.__version__
        m = XGBClassifier(n_estimators=200, learning_rate=0.1, tree_method='hist', grow_policy='lossguide',
                          max_leaves=31, max_depth=6, min_child_weight=1e-3, reg_lambda=1.0, max_bin=255,
                          n_jobs=threads, random_state=seed)
    t, c = time.perf_counter(), time.process_time()
    m.fit(Xtr, ytr)
    fit, fit_cpu = time.perf_counter() - t, time.process_time() - c
    p = m.predict_proba(Xte)[:, 1]
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'fitSeconds': fit, 'auc': float(roc_auc_score(yte, p)), 'version': version,
                  'peakRssMb': ru.ru_maxrss / 1024, 'cpuSeconds': ru.ru_utime + ru.ru_stime, 'fitCpuSeconds': fit_cpu}))
