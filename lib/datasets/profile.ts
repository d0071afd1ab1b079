import { type CleaningStep, flagOutliersIqr, flagOutliersRobustZ, median } from '../data/cleaning';
import type { CsvKind, ParsedRow } from '../data/csv-schema';
import { IsolationForest } from '../ml/isolation-forest';
import { matrix } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { type FittedHistogram, fitHistogram, type HistogramBin } from './histogram';

export type { HistogramBin } from './histogram';

/**
 * Profile and cleaning record of one uploaded dataset, built while its rows stream in (pure: no I/O).
 * Counts, missing values, min, max, mean, dates, categories, the funnel and daily activity are exact for any size.
 * Medians, histograms and outlier checks need the values themselves: they are computed on a uniform random sample
 * of PROFILE_SAMPLE_ROWS rows (reservoir sampling, seeded), which is every row of a file up to that size — so they
 * are exact there — and an estimate above it (counts scaled to the file's rows; `sampleRows` in the profile says
 * so). Keeping every value cost 8 bytes a row and numeric column, plus a joined copy and sorted copies when the
 * profile was computed: about 170 MB of a 3 M-row events import's memory (issue 21 item 4).
 */

export interface ColumnProfile {
  name: string;
  type: 'numeric' | 'date' | 'categorical' | 'text';
  missing: number;
  missingRate: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  median?: number;
  histogram?: HistogramBin[];
  /** how the histogram's bins were chosen (one bar per value, linear, log-spaced, clipped at the 99th percentile) */
  histogramScale?: FittedHistogram['scale'];
  /** values beyond a clipped histogram's last bin */
  histogramOutliers?: FittedHistogram['outliers'];
  top?: { value: string; count: number }[];
  distinct?: number;
}

export interface DatasetProfile {
  kind: CsvKind;
  rows: number;
  dateRange: { min: string; max: string } | null;
  columns: ColumnProfile[];
  daily: { date: string; count: number }[];
  /** set when the medians, histograms and outlier counts were estimated from a uniform sample of this many rows */
  sampleRows?: number;
  /** events only: events and distinct customers at each funnel stage */
  funnel?: { stage: 'view' | 'add_to_cart' | 'purchase'; events: number; customers: number }[];
  /** exposures only: observed conversion by discount level */
  conversionByDiscount?: { discountPct: number; exposures: number; conversions: number; rate: number }[];
}

type ColumnKind = ColumnProfile['type'];
const COLUMNS: Record<CsvKind, [name: string, type: ColumnKind][]> = {
  customers: [
    ['customer_id', 'text'],
    ['signup_date', 'date'],
    ['country', 'categorical'],
    ['email', 'text'],
    ['phone', 'text'],
    ['name', 'text'],
  ],
  events: [
    ['customer_id', 'text'],
    ['timestamp', 'date'],
    ['type', 'categorical'],
    ['product_id', 'text'],
    ['category', 'categorical'],
    ['price', 'numeric'],
    ['quantity', 'numeric'],
    ['session_id', 'text'],
    ['dwell_seconds', 'numeric'],
  ],
  exposures: [
    ['customer_id', 'text'],
    ['offer_id', 'categorical'],
    ['discount_pct', 'numeric'],
    ['shown_at', 'date'],
    ['converted', 'numeric'],
    ['revenue', 'numeric'],
    ['propensity', 'numeric'],
  ],
};

/** Values of the canonical columns of a parsed row, in COLUMNS order. */
function cells(kind: CsvKind, r: ParsedRow[CsvKind]): (string | number | Date | null)[] {
  switch (kind) {
    case 'customers': {
      const c = r as ParsedRow['customers'];
      return [c.customerId, c.signupAt, c.country, c.email, c.phone, c.name];
    }
    case 'events': {
      const e = r as ParsedRow['events'];
      return [
        e.customerId,
        e.occurredAt,
        e.type,
        e.productId,
        e.category,
        e.price,
        e.quantity,
        e.sessionId,
        e.dwellSeconds,
      ];
    }
    case 'exposures': {
      const x = r as ParsedRow['exposures'];
      return [x.customerId, x.offerId, x.discountPct, x.shownAt, x.converted, x.revenue, x.propensity];
    }
  }
}

const MAX_TRACKED_CATEGORIES = 1000;

/** Rows whose numeric values a profile keeps (a uniform sample of larger files): 200,000 × 8 bytes a column. */
export const PROFILE_SAMPLE_ROWS = 200_000;

/**
 * A uniform random sample of at most `cap` rows of `width` numbers, kept as rows stream in (Algorithm R: row r
 * replaces a random kept row with probability cap / (r + 1)); the first `cap` rows are all kept, in order.
 */
class RowSample {
  private data: Float64Array;
  private offered = 0;
  private readonly rng = new Rng(42);

  constructor(
    private readonly width: number,
    private readonly cap: number,
  ) {
    this.data = new Float64Array(Math.min(cap, 1024) * width);
  }

  /** The slot the next row's values go to, or -1 when the row is not kept. */
  next(): number {
    const r = this.offered++;
    const slot = r < this.cap ? r : this.rng.int(r + 1);
    if (slot >= this.cap) return -1;
    if ((slot + 1) * this.width > this.data.length) {
      const grown = new Float64Array(Math.min(this.cap, (2 * this.data.length) / this.width) * this.width);
      grown.set(this.data);
      this.data = grown;
    }
    return slot;
  }

  set(slot: number, column: number, value: number): void {
    this.data[slot * this.width + column] = value;
  }

  get size(): number {
    return Math.min(this.offered, this.cap);
  }

  /** One column of the kept rows (NaN for a missing value). */
  column(j: number): Float64Array {
    const out = new Float64Array(this.size);
    for (let k = 0; k < out.length; k++) out[k] = this.data[k * this.width + j];
    return out;
  }
}

/** Exact running figures of one numeric column over every row. */
interface ExactStats {
  n: number;
  sum: number;
  min: number;
  max: number;
}

export class ProfileBuilder {
  private rows = 0;
  private readonly specs: [string, ColumnKind][];
  private readonly missing: number[];
  /** spec index → column of the sample (numeric columns only) */
  private readonly numeric = new Map<number, number>();
  private readonly exact: ExactStats[] = [];
  private readonly sample: RowSample;
  private readonly categories = new Map<number, Map<string, number>>();
  private readonly dateMin: number[];
  private readonly dateMax: number[];
  /** rows per UTC day, keyed by days since 1970-01-01 (formatted once, in profile()) */
  private readonly daily = new Map<number, number>();
  private readonly dateIndex: number;
  private readonly funnelEvents = new Map<string, number>();
  private readonly funnelCustomers = new Map<string, Set<string>>();
  private readonly byDiscount = new Map<number, { n: number; conv: number }>();
  private duplicates = 0;

  constructor(
    private readonly kind: CsvKind,
    /** what the import treated as a duplicate: the whole line or the declared key */
    private readonly duplicateRule: 'line' | 'key' = 'line',
    sampleRows = PROFILE_SAMPLE_ROWS,
  ) {
    this.specs = COLUMNS[kind];
    this.missing = this.specs.map(() => 0);
    this.dateIndex = this.primaryDateIndex();
    this.dateMin = this.specs.map(() => Infinity);
    this.dateMax = this.specs.map(() => -Infinity);
    this.specs.forEach(([, t], i) => {
      if (t === 'numeric') {
        this.numeric.set(i, this.exact.length);
        this.exact.push({ n: 0, sum: 0, min: Infinity, max: -Infinity });
      }
      if (t === 'categorical') this.categories.set(i, new Map());
    });
    this.sample = new RowSample(this.exact.length, sampleRows);
  }

  /** Counts a row dropped as an exact duplicate of an earlier one (same natural key). */
  addDuplicate(): void {
    this.duplicates++;
  }

  add(row: ParsedRow[CsvKind]): void {
    this.rows++;
    const values = cells(this.kind, row);
    const slot = this.exact.length ? this.sample.next() : -1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const type = this.specs[i][1];
      if (v === null || v === '') {
        this.missing[i]++;
        if (type === 'numeric' && slot >= 0) this.sample.set(slot, this.numeric.get(i)!, NaN);
        continue;
      }
      if (type === 'numeric') {
        const j = this.numeric.get(i)!;
        const x = v as number;
        const e = this.exact[j];
        e.n++;
        e.sum += x;
        if (x < e.min) e.min = x;
        if (x > e.max) e.max = x;
        if (slot >= 0) this.sample.set(slot, j, x);
      } else if (type === 'date') {
        const t = (v as Date).getTime();
        if (t < this.dateMin[i]) this.dateMin[i] = t;
        if (t > this.dateMax[i]) this.dateMax[i] = t;
        if (i === this.dateIndex) {
          const day = Math.floor(t / 86_400_000);
          this.daily.set(day, (this.daily.get(day) ?? 0) + 1);
        }
      } else if (type === 'categorical') {
        const m = this.categories.get(i)!;
        const key = String(v);
        if (m.has(key) || m.size < MAX_TRACKED_CATEGORIES) m.set(key, (m.get(key) ?? 0) + 1);
      }
    }
    if (this.kind === 'events') {
      const e = row as ParsedRow['events'];
      if (e.type === 'view' || e.type === 'add_to_cart' || e.type === 'purchase') {
        this.funnelEvents.set(e.type, (this.funnelEvents.get(e.type) ?? 0) + 1);
        let s = this.funnelCustomers.get(e.type);
        if (!s) {
          s = new Set();
          this.funnelCustomers.set(e.type, s);
        }
        s.add(e.customerId);
      }
    }
    if (this.kind === 'exposures') {
      const x = row as ParsedRow['exposures'];
      const agg = this.byDiscount.get(x.discountPct) ?? { n: 0, conv: 0 };
      agg.n++;
      agg.conv += x.converted;
      this.byDiscount.set(x.discountPct, agg);
    }
  }

  /** whether the numeric figures come from a sample of the rows (a file over the sample size) */
  private get sampled(): boolean {
    return this.sample.size < this.rows;
  }

  private primaryDateIndex(): number {
    return this.specs.findIndex(([, t]) => t === 'date');
  }

  profile(): DatasetProfile {
    const columns: ColumnProfile[] = this.specs.map(([name, type], i) => {
      const base: ColumnProfile = {
        name,
        type,
        missing: this.missing[i],
        missingRate: this.rows ? this.missing[i] / this.rows : 0,
      };
      if (type === 'numeric') {
        const j = this.numeric.get(i)!;
        return { ...base, ...numericSummary(this.sample.column(j), this.exact[j]) };
      }
      if (type === 'date' && this.dateMin[i] !== Infinity) {
        return { ...base, min: new Date(this.dateMin[i]).toISOString(), max: new Date(this.dateMax[i]).toISOString() };
      }
      if (type === 'categorical') {
        const m = this.categories.get(i)!;
        const top = [...m.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 20)
          .map(([value, count]) => ({ value, count }));
        return { ...base, top, distinct: m.size };
      }
      return base;
    });
    const d = this.primaryDateIndex();
    const out: DatasetProfile = {
      kind: this.kind,
      rows: this.rows,
      dateRange:
        d >= 0 && this.dateMin[d] !== Infinity
          ? { min: new Date(this.dateMin[d]).toISOString(), max: new Date(this.dateMax[d]).toISOString() }
          : null,
      columns,
      daily: [...this.daily.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([day, count]) => ({ date: new Date(day * 86_400_000).toISOString().slice(0, 10), count })),
      ...(this.sampled ? { sampleRows: this.sample.size } : {}),
    };
    if (this.kind === 'events') {
      out.funnel = (['view', 'add_to_cart', 'purchase'] as const).map((stage) => ({
        stage,
        events: this.funnelEvents.get(stage) ?? 0,
        customers: this.funnelCustomers.get(stage)?.size ?? 0,
      }));
    }
    if (this.kind === 'exposures') {
      out.conversionByDiscount = [...this.byDiscount.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([discountPct, { n, conv }]) => ({ discountPct, exposures: n, conversions: conv, rate: conv / n }));
    }
    return out;
  }

  /**
   * The recorded cleaning steps: duplicates removed; for each numeric column with gaps, the documented fill
   * strategy and its value (applied at training time, stored data keeps the gap); outliers flagged by robust
   * z-score and by IQR (flagged, never deleted).
   */
  cleaningSteps(): CleaningStep[] {
    const steps: CleaningStep[] = [
      this.duplicateRule === 'key'
        ? {
            step: 'dedupe',
            column: null,
            strategy: 'natural-key',
            params: { key: NATURAL_KEYS[this.kind] },
            affectedRows: this.duplicates,
          }
        : { step: 'dedupe', column: null, strategy: 'whole-line', params: {}, affectedRows: this.duplicates },
    ];
    this.specs.forEach(([name, type], i) => {
      if (type !== 'numeric') return;
      const j = this.numeric.get(i)!;
      const values = this.sample.column(j);
      const strategy = FILL_STRATEGY[name] ?? 'median';
      if (this.missing[i] > 0) {
        steps.push({
          step: 'fill_missing',
          column: name,
          strategy,
          params: { value: strategy === 'median' ? round(median(values)) : strategy === 'zero' ? 0 : null },
          affectedRows: this.missing[i],
        });
      }
      let observed = 0;
      for (const x of values) if (!Number.isNaN(x)) observed++;
      if (!OUTLIER_COLUMNS.has(name) || observed < 4) return;
      // flagged in the sample, scaled to the column's observed values in the whole file
      const scaled = (step: CleaningStep): CleaningStep =>
        this.sampled
          ? {
              ...step,
              params: { ...step.params, sampleRows: this.sample.size },
              affectedRows: Math.round((step.affectedRows * this.exact[j].n) / observed),
            }
          : step;
      steps.push(
        scaled(flagOutliersRobustZ(values, { column: name }).step),
        scaled(flagOutliersIqr(values, { column: name }).step),
      );
    });
    const forest = this.isolationForestStep();
    if (forest) steps.push(forest);
    return steps;
  }

  /**
   * Multivariate outliers over the outlier-checked numeric columns together: an isolation forest (50 trees,
   * 256-row subsamples, seed 42) fitted on the rows with gaps filled by column medians; rows scoring above 0.7
   * are flagged. On a large file the forest is fitted and scored on an evenly spaced sample of at most
   * ISOLATION_SAMPLE_ROWS rows of the profile's row sample (every k-th row: the file's rows in order up to the
   * sample size, a uniform random sample beyond) and the count is the sample's flagged share × rows — an estimate,
   * marked by `sampleRows` < rows in the step's params. Scoring every row of a 1M-row file took 2 s of the import;
   * for flagged shares up to 10 % the share from 20,000 rows is within ±0.42 percentage points (95 %, binomial:
   * 1.96·√(0.1·0.9/20,000)) of the whole file's.
   */
  private isolationForestStep(): CleaningStep | null {
    const cols = this.specs.flatMap(([name, type], i) =>
      type === 'numeric' && OUTLIER_COLUMNS.has(name)
        ? [{ name, values: this.sample.column(this.numeric.get(i)!) }]
        : [],
    );
    if (cols.length < 2 || this.rows < 10) return null;
    const medians = cols.map((c) => median(c.values));
    const kept = this.sample.size;
    const n = Math.min(kept, ISOLATION_SAMPLE_ROWS);
    const data = new Float64Array(n * cols.length);
    for (let k = 0; k < n; k++) {
      const r = n === kept ? k : Math.floor((k * kept) / n);
      cols.forEach((c, j) => {
        const v = c.values[r];
        data[k * cols.length + j] = Number.isNaN(v) ? (Number.isNaN(medians[j]) ? 0 : medians[j]) : v;
      });
    }
    const X = matrix(data, n, cols.length);
    const threshold = 0.7;
    const scores = new IsolationForest({ nTrees: 50, sampleSize: 256, seed: 42 }).fit(X).score(X);
    let flagged = 0;
    for (const s of scores) if (s > threshold) flagged++;
    return {
      step: 'flag_outliers',
      column: cols.map((c) => c.name).join('+'),
      strategy: 'isolation_forest',
      params: { nTrees: 50, sampleSize: 256, threshold, seed: 42, sampleRows: n },
      affectedRows: n === this.rows ? flagged : Math.round((flagged * this.rows) / n),
    };
  }
}

/** Rows the isolation forest is fitted and scored on (an evenly spaced sample of larger files). */
export const ISOLATION_SAMPLE_ROWS = 20_000;

/** The declared key that identifies a duplicate row (lib/datasets/natural-key.ts), as stored in the cleaning step. */
export const NATURAL_KEYS: Record<CsvKind, string> = {
  customers: 'customer_id',
  events: 'customer_id|timestamp|type|product_id|session_id',
  exposures: 'customer_id|offer_id|arm|shown_at',
};

/** Documented missing-value strategy per numeric column (applied when features are built, not to stored rows). */
export const FILL_STRATEGY: Record<string, 'median' | 'zero' | 'flag'> = {
  price: 'flag', // an event without a price (a search) must not get an invented price
  dwell_seconds: 'median',
  quantity: 'median',
  revenue: 'zero',
  propensity: 'flag', // unknown logging probability: IPS estimates skip the row
  discount_pct: 'flag',
  converted: 'flag',
};
const OUTLIER_COLUMNS = new Set(['price', 'dwell_seconds', 'revenue', 'quantity']);

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x;
}

/**
 * min, max, mean, median and a histogram fitted to the values (lib/datasets/histogram.ts). With `exact` (figures
 * over every row, `values` being a sample of them) min, max and mean are the exact ones, and the histogram's counts
 * are scaled from the sample's observed values to all of them.
 */
export function numericSummary(
  values: Float64Array,
  exact?: ExactStats,
): Pick<ColumnProfile, 'min' | 'max' | 'mean' | 'median' | 'histogram' | 'histogramScale' | 'histogramOutliers'> {
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    n = 0;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (exact && exact.n === 0) return {};
  if (n === 0) return {};
  const h = fitHistogram(values);
  const scale = exact && exact.n !== n ? exact.n / n : 1;
  const scaled = (c: number) => (scale === 1 ? c : Math.round(c * scale));
  return {
    min: exact ? exact.min : min,
    max: exact ? exact.max : max,
    mean: round(exact ? exact.sum / exact.n : sum / n),
    median: round(median(values)),
    histogram: h?.bins.map((b) => (scale === 1 ? b : { ...b, count: scaled(b.count) })),
    histogramScale: h?.scale,
    ...(h?.outliers
      ? {
          histogramOutliers: {
            ...h.outliers,
            count: scaled(h.outliers.count),
            max: exact ? exact.max : h.outliers.max,
          },
        }
      : {}),
  };
}
