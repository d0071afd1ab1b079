import { describe, expect, it } from 'vitest';
import { cyrb53, naturalKey } from './natural-key';
import { ISOLATION_SAMPLE_ROWS, numericSummary, ProfileBuilder } from './profile';

const ev = (
  customerId: string,
  iso: string,
  type: 'view' | 'add_to_cart' | 'purchase' | 'search',
  price: number | null,
  dwell: number | null,
) => ({
  customerId,
  occurredAt: new Date(iso),
  type,
  productId: 'P',
  category: type === 'search' ? null : 'shoes',
  price,
  quantity: 1,
  sessionId: 'S',
  dwellSeconds: dwell,
});

describe('ProfileBuilder (events)', () => {
  const b = new ProfileBuilder('events');
  b.add(ev('A', '2026-04-01T10:00:00Z', 'view', 10, 5));
  b.add(ev('A', '2026-04-01T11:00:00Z', 'add_to_cart', 10, 7));
  b.add(ev('B', '2026-04-02T09:00:00Z', 'view', 20, null));
  b.add(ev('A', '2026-04-03T09:00:00Z', 'purchase', 30, 3));
  b.add(ev('B', '2026-04-03T12:00:00Z', 'search', null, 100));
  b.addDuplicate();
  const p = b.profile();

  it('counts rows, the date range, and daily activity', () => {
    expect(p.rows).toBe(5);
    expect(p.dateRange).toEqual({ min: '2026-04-01T10:00:00.000Z', max: '2026-04-03T12:00:00.000Z' });
    expect(p.daily).toEqual([
      { date: '2026-04-01', count: 2 },
      { date: '2026-04-02', count: 1 },
      { date: '2026-04-03', count: 2 },
    ]);
  });
  it('computes missing rates and numeric summaries', () => {
    const price = p.columns.find((c) => c.name === 'price')!;
    expect([price.missing, price.missingRate, price.min, price.max, price.mean, price.median]).toEqual([
      1, 0.2, 10, 30, 17.5, 15,
    ]);
    const cat = p.columns.find((c) => c.name === 'category')!;
    expect(cat.top).toEqual([{ value: 'shoes', count: 4 }]);
  });
  it('builds the funnel from distinct customers', () => {
    expect(p.funnel).toEqual([
      { stage: 'view', events: 2, customers: 2 },
      { stage: 'add_to_cart', events: 1, customers: 1 },
      { stage: 'purchase', events: 1, customers: 1 },
    ]);
  });
  it('records dedupe, fill and outlier steps', () => {
    const steps = b.cleaningSteps();
    expect(steps[0]).toMatchObject({ step: 'dedupe', affectedRows: 1 });
    // dwell observed [5, 7, 3, 100] -> median 6 fills the one gap
    expect(steps.find((s) => s.step === 'fill_missing' && s.column === 'dwell_seconds')).toMatchObject({
      strategy: 'median',
      params: { value: 6 },
      affectedRows: 1,
    });
    expect(steps.find((s) => s.step === 'fill_missing' && s.column === 'price')).toMatchObject({
      strategy: 'flag',
      affectedRows: 1,
    });
    // IQR on dwell [3,5,7,100]: q1 4.5, q3 30.25, upper 68.875 -> 100 flagged
    expect(steps.find((s) => s.strategy === 'iqr' && s.column === 'dwell_seconds')).toMatchObject({
      affectedRows: 1,
      params: { q1: 4.5, q3: 30.25 },
    });
  });
});

describe('ProfileBuilder isolation forest step', () => {
  it('flags the planted multivariate outlier among 300 ordinary events', () => {
    const b = new ProfileBuilder('events');
    for (let i = 0; i < 300; i++) b.add(ev('A', '2026-04-01T10:00:00Z', 'purchase', 20 + (i % 10), 10 + (i % 7)));
    b.add(ev('B', '2026-04-01T10:00:00Z', 'purchase', 5000, 3000));
    const step = b.cleaningSteps().find((x) => x.strategy === 'isolation_forest')!;
    expect(step.column).toBe('price+quantity+dwell_seconds');
    expect(step.affectedRows).toBeGreaterThanOrEqual(1);
    expect(step.affectedRows).toBeLessThanOrEqual(5);
  });
});

describe('ProfileBuilder (exposures)', () => {
  it('gives observed conversion by discount level', () => {
    const b = new ProfileBuilder('exposures');
    const x = (d: number, c: 0 | 1) => ({
      customerId: 'A',
      offerId: 'O',
      arm: null,
      discountPct: d,
      shownAt: new Date('2026-01-01T00:00:00Z'),
      converted: c,
      revenue: c ? 10 : 0,
      propensity: 0.2,
    });
    [x(0, 0), x(0, 1), x(0, 0), x(10, 1), x(10, 1)].forEach((r) => {
      b.add(r);
    });
    expect(b.profile().conversionByDiscount).toEqual([
      { discountPct: 0, exposures: 3, conversions: 1, rate: 1 / 3 },
      { discountPct: 10, exposures: 2, conversions: 2, rate: 1 },
    ]);
  });
});

describe('numericSummary', () => {
  it('shows the whole numbers 0..10 as one bar per value', () => {
    const s = numericSummary(Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN]));
    expect(s.histogramScale).toBe('values');
    expect(s.histogram!.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect([s.min, s.max, s.mean, s.median]).toEqual([0, 10, 5, 5]);
  });
  it('bins fractional values 0..10 into 20 equal-width bins, last bin closed', () => {
    const s = numericSummary(Float64Array.from([0, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 10, NaN]));
    expect(s.histogramScale).toBe('linear');
    expect(s.histogram!.length).toBe(20);
    expect(s.histogram!.reduce((a, b) => a + b.count, 0)).toBe(11);
    expect(s.histogram![19]).toEqual({ x0: 9.5, x1: 10, count: 1, label: '9.5–10' });
  });
});

describe('natural keys', () => {
  it('hash with cyrb53 (known answers from the reference implementation)', () => {
    // reference: https://github.com/bryc/code/blob/master/jshash/experimental/cyrb53.js, seed 0
    expect(cyrb53('a')).toBe(7929297801672961);
    expect(cyrb53('')).toBe(3338908027751811);
  });
  it('identify an exposure by customer, offer, arm and time', () => {
    const k = naturalKey('exposures', {
      customerId: 'C1',
      offerId: 'O2',
      arm: null,
      discountPct: 5,
      shownAt: new Date(0),
      converted: 0,
      revenue: 0,
      propensity: null,
    });
    expect(k).toBe('C1\u0001O2\u0001\u00010');
  });
});

describe('ProfileBuilder isolation forest on a sample', () => {
  it('fits and scores an evenly spaced sample of a large file and scales the flagged count to all rows', () => {
    const rows = ISOLATION_SAMPLE_ROWS * 2;
    const row = (i: number) =>
      i % 100 === 0
        ? ev('A', '2026-04-01T10:00:00Z', 'purchase', 5000 + i, 3000) // 1 % far out on price and dwell
        : ev('A', '2026-04-01T10:00:00Z', 'purchase', 20 + (i % 10), 10 + (i % 7));
    const whole = new ProfileBuilder('events');
    for (let i = 0; i < rows; i++) whole.add(row(i));
    // the same forest on exactly the sampled rows (every 2nd), scored in full
    const sample = new ProfileBuilder('events');
    for (let i = 0; i < rows; i += 2) sample.add(row(i));
    const forest = (b: ProfileBuilder) => b.cleaningSteps().find((x) => x.strategy === 'isolation_forest')!;
    const est = forest(whole);
    const exact = forest(sample);
    expect(est.params.sampleRows).toBe(ISOLATION_SAMPLE_ROWS);
    expect(exact.params.sampleRows).toBe(ISOLATION_SAMPLE_ROWS);
    expect(est.affectedRows).toBe(exact.affectedRows * 2);
    expect(exact.affectedRows).toBeGreaterThanOrEqual(200); // the 200 planted rows of the sample at least
  });
});

describe('ProfileBuilder on a file larger than its row sample', () => {
  // 20,000 events, kept sample 5,000 rows: price i % 100 with 7 replaced by 10,000 + i (true median 50.5), every 10th dwell missing, 1 % of
  // prices far out (10,000 + i)
  const rows = 20_000;
  const price = (i: number) => (i % 100 === 7 ? 10_000 + i : i % 100);
  const build = (cap: number) => {
    const b = new ProfileBuilder('events', 'line', cap);
    for (let i = 0; i < rows; i++) b.add(ev('A', '2026-04-01T10:00:00Z', 'purchase', price(i), i % 10 ? i % 50 : null));
    return b;
  };
  const sampled = build(5000);
  const p = sampled.profile();
  const col = (name: string) => p.columns.find((c) => c.name === name)!;

  it('keeps counts, missing values, min, max and mean exact and says the rest is sampled', () => {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += price(i);
    expect(p.sampleRows).toBe(5000);
    expect([col('price').missing, col('price').min, col('price').max]).toEqual([0, 0, 29_907]);
    expect(col('price').mean).toBeCloseTo(sum / rows, 6);
    expect([col('dwell_seconds').missing, col('dwell_seconds').missingRate]).toEqual([2000, 0.1]);
  });
  it('estimates the median and the histogram from the sample, counts scaled to every observed row', () => {
    expect(Math.abs(col('quantity').median! - 1)).toBe(0);
    // dwell: 18,000 observed values spread over 1..49 (true median 25 of the observed i % 50, i % 10 ≠ 0)
    expect(Math.abs(col('dwell_seconds').median! - 25)).toBeLessThanOrEqual(2);
    const total = col('dwell_seconds').histogram!.reduce((a, b) => a + b.count, 0);
    expect(Math.abs(total - 18_000)).toBeLessThanOrEqual(col('dwell_seconds').histogram!.length); // rounding only
  });
  it('scales outlier counts from the sample to the file', () => {
    const iqr = sampled.cleaningSteps().find((s) => s.strategy === 'iqr' && s.column === 'price')!;
    expect(iqr.params.sampleRows).toBe(5000);
    // 200 planted of 20,000 (IQR bounds about −50 and 150 flag exactly those); a 5,000-row sample holds 50 ± 18 of
    // them (hypergeometric, 3 sd: 3·√(5000·0.01·0.99·15000/19999)), scaled ×4
    expect(iqr.affectedRows % 4).toBe(0);
    expect(iqr.affectedRows).toBeGreaterThanOrEqual(128);
    expect(iqr.affectedRows).toBeLessThanOrEqual(272);
  });
  it('is exact, and says nothing of a sample, when the file fits in it', () => {
    const whole = build(rows).profile();
    expect(whole.sampleRows).toBeUndefined();
    const all = Float64Array.from({ length: rows }, (_, i) => price(i));
    expect(whole.columns.find((c) => c.name === 'price')).toMatchObject(numericSummary(all));
    expect(whole.columns.find((c) => c.name === 'price')!.median).toBe(50.5);
  });
  it('draws the same sample on every run (seeded)', () => {
    expect(build(5000).profile()).toEqual(p);
  });
});
