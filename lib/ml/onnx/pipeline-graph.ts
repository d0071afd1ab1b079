import type { FlatTree } from '../model';
import { attr, doubleTensor, type GraphBuilder } from './graph-builder';
import { type CheckedPipeline, modelTrees, type OneHotJson, type ScalerJson } from './model-json';
import { DataType } from './onnx-proto';

/**
 * The nodes of an exported pipeline. Everything between the float32 input and the last step runs in float64
 * (Cast to DOUBLE first), so the graph computes the same numbers as the float64 TypeScript code:
 *   features (float32 [N, nRaw]) → Cast(double) → one-hot → scaler → model → Cast(float) → probability.
 * Tree models see their input rounded to float32 (Cast float then back to double), which is exactly the
 * `Math.fround(x) <= threshold` rule of lib/ml/flat-tree.ts; their leaf weights stay float64.
 */

const ML_DOMAIN = 'ai.onnx.ml';

/** One-hot: Gather the passthrough columns, then per encoded column Equal(col, categories) → Cast → Concat. */
function addOneHot(g: GraphBuilder, x: string, nRaw: number, enc: OneHotJson): string {
  const encoded = new Set(enc.columns);
  const passthrough: number[] = [];
  for (let j = 0; j < nRaw; j++) if (!encoded.has(j)) passthrough.push(j);
  const parts: string[] = [];
  const axis1 = { axis: attr.int(1) };
  if (passthrough.length > 0) {
    const idx = g.constInt64('passthrough_idx', [passthrough.length], passthrough);
    parts.push(g.node('Gather', [x, idx], { out: 'passthrough', attrs: axis1 }));
  }
  enc.columns.forEach((c, b) => {
    const cats = enc.categories[b];
    if (cats.length === 0) return; // a block with no categories emits no columns
    const idx = g.constInt64(`onehot${b}_col_idx`, [1], [c]);
    const col = g.node('Gather', [x, idx], { out: `onehot${b}_col`, attrs: axis1 }); // [N, 1]
    const values = g.constDouble(`onehot${b}_categories`, [1, cats.length], cats);
    const eq = g.node('Equal', [col, values], { out: `onehot${b}_eq` }); // bool [N, K]
    parts.push(g.node('Cast', [eq], { out: `onehot${b}`, attrs: { to: attr.int(DataType.DOUBLE) } }));
  });
  return parts.length === 1 ? parts[0] : g.node('Concat', parts, { out: 'onehot', attrs: axis1 });
}

function addScaler(g: GraphBuilder, x: string, s: ScalerJson): string {
  const mean = g.constDouble('scaler_mean', [s.mean.length], s.mean);
  const scale = g.constDouble('scaler_scale', [s.scale.length], s.scale);
  const centred = g.node('Sub', [x, mean], { out: 'centred' });
  return g.node('Div', [centred, scale], { out: 'scaled' });
}

function addLinear(
  g: GraphBuilder,
  x: string,
  name: string,
  W: readonly number[],
  inSize: number,
  outSize: number,
  bias: readonly number[],
): string {
  const w = g.constDouble(`${name}_W`, [inSize, outSize], W);
  const b = g.constDouble(`${name}_b`, [outSize], bias);
  const xw = g.node('MatMul', [x, w], { out: `${name}_xw` });
  return g.node('Add', [xw, b], { out: `${name}_z` });
}

/**
 * TreeEnsembleRegressor (ai.onnx.ml 3): aggregate SUM of leaf weights over trees, BRANCH_LEQ nodes (true branch =
 * x <= threshold = FlatTree `left`), node ids = FlatTree indices, thresholds and leaf weights as float64 tensors
 * (`nodes_values_as_tensor`, `target_weights_as_tensor`), base value `base` (double). Output float [N, 1].
 */
function addTreeEnsemble(
  g: GraphBuilder,
  x: string,
  trees: readonly FlatTree[],
  leafWeight: (v: number) => number,
  base: number,
): string {
  const treeIds: number[] = [],
    nodeIds: number[] = [],
    featureIds: number[] = [],
    modes: string[] = [];
  const values: number[] = [],
    trueIds: number[] = [],
    falseIds: number[] = [];
  const tTree: number[] = [],
    tNode: number[] = [],
    tWeight: number[] = [];
  trees.forEach((t, k) => {
    for (let n = 0; n < t.feature.length; n++) {
      const leaf = t.feature[n] < 0;
      treeIds.push(k);
      nodeIds.push(n);
      featureIds.push(leaf ? 0 : t.feature[n]);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      values.push(leaf ? 0 : t.threshold[n]);
      trueIds.push(leaf ? 0 : t.left[n]);
      falseIds.push(leaf ? 0 : t.right[n]);
      if (leaf) {
        tTree.push(k);
        tNode.push(n);
        tWeight.push(leafWeight(t.value[n]));
      }
    }
  });
  return g.node('TreeEnsembleRegressor', [x], {
    out: 'tree_sum',
    domain: ML_DOMAIN,
    attrs: {
      n_targets: attr.int(1),
      aggregate_function: attr.string('SUM'),
      post_transform: attr.string('NONE'),
      base_values_as_tensor: attr.tensor(doubleTensor('base_values', [1], [base])),
      nodes_treeids: attr.ints(treeIds),
      nodes_nodeids: attr.ints(nodeIds),
      nodes_featureids: attr.ints(featureIds),
      nodes_modes: attr.strings(modes),
      nodes_values_as_tensor: attr.tensor(doubleTensor('nodes_values', [values.length], values)),
      nodes_truenodeids: attr.ints(trueIds),
      nodes_falsenodeids: attr.ints(falseIds),
      target_treeids: attr.ints(tTree),
      target_nodeids: attr.ints(tNode),
      target_ids: attr.ints(tTree.map(() => 0)),
      target_weights_as_tensor: attr.tensor(doubleTensor('target_weights', [tWeight.length], tWeight)),
    },
  });
}

const toDouble = { to: attr.int(DataType.DOUBLE) };
const toFloat = { to: attr.int(DataType.FLOAT) };

/**
 * Adds the nodes of the whole pipeline from graph input `input` (float32 [N, nRaw]) to graph output `output`
 * (float32 [N, 1], P(y = 1)).
 */
export function addPipeline(g: GraphBuilder, input: string, output: string, p: CheckedPipeline): void {
  let x = g.node('Cast', [input], { out: 'features_f64', attrs: toDouble });
  if (p.oneHot) x = addOneHot(g, x, p.nRaw, p.oneHot);
  if (p.scaler) x = addScaler(g, x, p.scaler);
  const m = p.model;
  if (m.kind === 'logistic-regression') {
    const z = addLinear(g, x, 'lr', m.coef, m.coef.length, 1, [m.intercept]);
    const prob = g.node('Sigmoid', [z], { out: 'prob_f64' });
    g.node('Cast', [prob], { outName: output, attrs: toFloat });
    return;
  }
  if (m.kind === 'mlp') {
    m.layers.forEach((L, l) => {
      const z = addLinear(g, x, `layer${l}`, L.weights, L.inSize, L.outSize, L.bias);
      x = g.node(L.activation === 'relu' ? 'Relu' : 'Sigmoid', [z], { out: `layer${l}_a` });
    });
    g.node('Cast', [x], { outName: output, attrs: toFloat });
    return;
  }
  // Trees: round the model input to float32 (the FlatTree rule), then back to double for the ensemble.
  const x32 = g.node('Cast', [x], { out: 'tree_input_f32', attrs: toFloat });
  const xt = g.node('Cast', [x32], { out: 'tree_input', attrs: toDouble });
  const trees = modelTrees(m)!;
  if (m.kind === 'gbdt') {
    const margin = addTreeEnsemble(g, xt, trees, (v) => v, m.baseScore);
    g.node('Sigmoid', [margin], { outName: output });
  } else {
    const n = trees.length;
    const sum = addTreeEnsemble(g, xt, trees, (v) => v / n, 0);
    g.node('Identity', [sum], { outName: output });
  }
}
