import { armColumn, DISCOUNT_COLUMN, type FeatureSchema } from '../features/feature-schema';
import type { Matrix } from '../ml/matrix';
import { describeColumn, type TrainingDistribution } from './feature-drift';

/**
 * The distribution of each customer input of a training set (raw model input, before one-hot and scaling):
 * decile bins of numeric columns, shares of each code of categorical ones. The discount and the arm are
 * treatments chosen by the policy, not properties of the customer, so they are left out of drift monitoring.
 * Stored with the model version (`metrics.featureDistribution`) when it is trained.
 */
export function describeTrainingData(X: Matrix, schema: FeatureSchema): TrainingDistribution {
  const arm = armColumn(schema);
  const features = schema.features.flatMap((f, j) => {
    if (j === DISCOUNT_COLUMN || j === arm) return [];
    const column = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) column[i] = X.data[i * X.cols + j];
    return [describeColumn(f.name, f.type, column)];
  });
  return { version: 1, rows: X.rows, features };
}

/** Human label of a categorical code of a raw input column (country or a categorical attribute). */
export function codeLabel(schema: FeatureSchema, column: string, code: number): string {
  if (code === -1) return 'unknown';
  if (column === 'country') return schema.countries[code] ?? String(code);
  const a = schema.attributes.find((x) => x.column === column);
  return a?.categories?.[code] ?? String(code);
}
