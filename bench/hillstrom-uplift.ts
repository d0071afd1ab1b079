/**
 * Benchmark: uplift per arm on Kevin Hillstrom's MineThatData e-mail test (64,000 customers; arms "Mens E-Mail",
 * "Womens E-Mail" and control "No E-Mail"; outcome = visit), ours against scikit-learn, on the same holdout.
 *
 *   npx tsx bench/hillstrom-uplift.ts [path/to/hillstrom.csv]     (default: ../shared/data/hillstrom.csv)
 *
 * Ours: the product's own feature schema (the 8 columns as customer attributes, categoricals one-hot, the arm as
 * a feature) and `trainAndEvaluate` (logistic regression, L2 λ = 1, 2-fold CV, 30 % stratified holdout, seed 42)
 * — the S-learner AUUC and the T-learner AUUC it reports per arm — plus the T-learner's holdout scores.
 * Reference (python3 + Debian's python3-sklearn): on the same train/holdout rows, a T-learner of
 * OneHotEncoder + StandardScaler + LogisticRegression(C = 1/λ = 1) per arm; AUUC (normalised Qini, sklift's
 * qini_auc_score re-implemented in numpy) of sklearn's scores, of our T-learner's scores (a cross-check of our
 * metric), and of 20 random rankings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { HILLSTROM_SPLIT } from '../lib/data/campaign-split';
import { parseAttributes } from '../lib/data/customer-attributes';
import { BEHAVIOUR_FEATURES } from '../lib/features/customer-features';
import { armColumn, buildFeatureSchema, categoricalColumns, rawInputRow } from '../lib/features/feature-schema';
import { matrix, takeRows, takeValues } from '../lib/ml/matrix';
import { trainTestSplit } from '../lib/ml/model-selection';
import { qiniAuc } from '../lib/policies/math/uplift';
import { ALGORITHMS } from '../lib/training/algorithms';
import { chooseControlArm } from '../lib/training/control-arm';
import { ModelPipeline } from '../lib/training/pipeline';
import { trainAndEvaluate } from '../lib/training/train-and-evaluate';
import { findSklearnPython } from './support/reference';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/data/hillstrom.csv');
const HOLDOUT = 0.3,
  SEED = 42,
  L2 = 1;

async function main() {
  const [header, ...rows] = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
  const types = {
    recency: 'numeric',
    history_segment: 'categorical',
    history: 'numeric',
    mens: 'numeric',
    womens: 'numeric',
    zip_code: 'categorical',
    newbie: 'numeric',
    channel: 'categorical',
  } as const;
  const columns = HILLSTROM_SPLIT.attributes.map((name) => ({ name, index: header.indexOf(name), type: types[name] }));
  const armIdx = header.indexOf('segment'),
    visitIdx = header.indexOf('visit');
  const attributes = rows.map((r, i) => parseAttributes(columns, r, i + 2).values);
  const armNames = [...new Set(rows.map((r) => r[armIdx]))].sort();
  const arms = { names: armNames, control: chooseControlArm(armNames) };
  const nan = new Float64Array(BEHAVIOUR_FEATURES.length).fill(NaN);
  const schema = buildFeatureSchema(
    new Date(HILLSTROM_SPLIT.shownAt),
    rows.map(() => nan),
    rows.map(() => null),
    { attributes: columns, attributeRows: attributes, arms },
  );
  const width = schema.features.length;
  const data = new Float64Array(rows.length * width);
  rows.forEach((r, i) => {
    data.set(rawInputRow(schema, nan, 0, null, { attributes: attributes[i], arm: r[armIdx] }), i * width);
  });
  const X = matrix(data, rows.length, width);
  const y = Float64Array.from(rows, (r) => Number(r[visitIdx]));
  const treatment = { column: armColumn(schema), control: armNames.indexOf(arms.control), arms: armNames };
  const cats = categoricalColumns(schema);

  const t0 = performance.now();
  const [result] = await trainAndEvaluate({
    X,
    y,
    categoricalColumns: cats,
    algorithms: [{ name: 'logistic-regression', grid: { l2: [L2] } }],
    folds: 2,
    holdoutFraction: HOLDOUT,
    seed: SEED,
    treatment,
  });
  const oursSecs = (performance.now() - t0) / 1000;

  // the same split trainAndEvaluate made; our T-learner's holdout scores for each arm
  const split = trainTestSplit(y, HOLDOUT, SEED, true);
  const Xtr = takeRows(X, split.train),
    ytr = takeValues(y, split.train);
  const Xho = takeRows(X, split.test);
  const armOf = (m: typeof X, i: number) => m.data[i * m.cols + treatment.column];
  const fitArm = (code: number) => {
    const idx = Array.from({ length: Xtr.rows }, (_, i) => i).filter((i) => armOf(Xtr, i) === code);
    return ModelPipeline.fit(
      ALGORITHMS['logistic-regression'].create({ l2: L2 }, SEED),
      takeRows(Xtr, idx),
      takeValues(ytr, idx),
      cats,
    );
  };
  const control = fitArm(treatment.control);
  const pc = control.predictProba(Xho);
  const ourScores: Record<string, Float64Array> = {};
  for (const u of result.uplift ?? []) {
    const pt = fitArm(armNames.indexOf(u.arm!)).predictProba(Xho);
    ourScores[u.arm!] = Float64Array.from(pt, (p, i) => p - pc[i]);
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'op-hill-'));
  try {
    writeFileSync(path.join(dir, 'train.txt'), split.train.join('\n'));
    writeFileSync(path.join(dir, 'holdout.txt'), split.test.join('\n'));
    for (const [arm, s] of Object.entries(ourScores))
      writeFileSync(path.join(dir, `ours-${armNames.indexOf(arm)}.txt`), Array.from(s).join('\n'));
    const py = spawnSync(
      findSklearnPython(),
      [path.join(import.meta.dirname, 'support/hillstrom_tlearner.py'), file, dir, String(1 / L2)],
      { encoding: 'utf8' },
    );
    if (py.status !== 0) throw new Error(`python reference failed: ${py.stderr}`);
    const ref = JSON.parse(py.stdout) as Record<string, { sklearn: number; oursRecomputed: number; random: number }>;
    console.log(
      `Hillstrom e-mail test, outcome visit: ${rows.length} customers, holdout ${split.test.length} (${HOLDOUT * 100} %), ` +
        `logistic regression λ = ${L2}; ours trained in ${oursSecs.toFixed(1)} s (CV + S-learner + T-learners)`,
    );
    console.log(
      'arm vs No E-Mail   | holdout rows | visit treated vs control | AUUC ours S | AUUC ours T | AUUC sklearn T | ' +
        'ours T / sklearn T | ours T (numpy metric) | random (ours) | random (numpy)',
    );
    for (const u of result.uplift ?? []) {
      const r = ref[String(armNames.indexOf(u.arm!))];
      const hoIdx = Array.from({ length: Xho.rows }, (_, i) => i).filter((i) =>
        [armNames.indexOf(u.arm!), treatment.control].includes(armOf(Xho, i)),
      );
      const t = Float64Array.from(hoIdx, (i) => (armOf(Xho, i) === treatment.control ? 0 : 1));
      const ours = qiniAuc(
        Float64Array.from(hoIdx, (i) => y[split.test[i]]),
        Float64Array.from(hoIdx, (i) => ourScores[u.arm!][i]),
        t,
      );
      console.log(
        [
          u.arm!.padEnd(18),
          String(u.rows).padStart(12),
          `${(u.treatedRate! * 100).toFixed(2)} % vs ${(u.controlRate! * 100).toFixed(2)} %`.padStart(24),
          u.auuc.toFixed(4).padStart(11),
          (u.tLearnerAuuc ?? NaN).toFixed(4).padStart(11),
          r.sklearn.toFixed(4).padStart(14),
          (u.tLearnerAuuc! / r.sklearn).toFixed(3).padStart(18),
          `${r.oursRecomputed.toFixed(4)} (ours ${ours.toFixed(4)})`.padStart(21),
          (u.randomAuuc ?? NaN).toFixed(4).padStart(13),
          r.random.toFixed(4).padStart(14),
        ].join(' | '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
