import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CsvKind, resolveHeader, validateRow } from './csv-schema';
import {
  CUSTOMER_TYPES,
  type CustomerTruth,
  createDemoGenerator,
  type DemoEvent,
  DISCOUNT_LEVELS,
  generateDemoData,
  inChunks,
  toCsv,
  toCsvChunks,
  trueConversionProbability,
  trueExpectedRevenue,
} from './demo-generator';

/*
 * Totals of the default demo (seed 20261129, 5000 customers, 90 days from 2026-09-01, 14-day campaign),
 * recorded from this implementation on 2026 Node 20 (V8's Math.exp/log are deterministic fdlibm ports).
 * A change in these numbers means the generator's output changed: update them on purpose, not by accident.
 */
const DEFAULT_TOTALS = {
  customers: 5000,
  events: 298348,
  byType: { view: 248573, search: 19377, add_to_cart: 19567, purchase: 7953, remove_from_cart: 2878 },
  exposures: 20039,
  converted: 2130,
  exposuresByDiscount: { 0: 4067, 5: 3999, 10: 3948, 15: 4037, 20: 3988 },
  types: { loyal: 998, 'bargain-hunter': 1237, browser: 1275, 'window-shopper': 1026, premium: 464 },
};

const round2ok = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

describe('trueConversionProbability', () => {
  it('is the documented logistic model', () => {
    // python: 1/(1+math.exp(-(-1.6 + 1.5*0.2 + 0.4*1 + 0.2*0.5 - 0.3*1))) = 0.24973989440488234
    const t: CustomerTruth = {
      customerExternalId: 'C1',
      type: 'loyal',
      alpha: -1.6,
      beta: 1.5,
      x: [1, 0.5, -1],
      baselineOrderValue: 80,
    };
    expect(trueConversionProbability(t, 20)).toBeCloseTo(0.24973989440488234, 14);
    expect(trueExpectedRevenue(t, 20)).toBeCloseTo(0.24973989440488234 * 80 * 0.8, 12);
    expect(() => trueConversionProbability(t, 101)).toThrow(RangeError);
  });
  it('type shares sum to 1', () => {
    expect(CUSTOMER_TYPES.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 12);
  });
});

describe('demo generator: determinism', () => {
  it('reproduces the same first rows for a seed (recorded values)', () => {
    const g = createDemoGenerator({ seed: 7, customers: 200 });
    expect(g.customers().next().value).toEqual({
      externalId: 'C000001',
      signupAt: new Date('2026-04-23T19:03:43.000Z'),
      country: 'SE',
      phone: '+46 555 2726104',
      name: 'Diego Johansson',
      email: 'diego.johansson1@example.com',
    });
    expect(g.events().next().value).toEqual({
      customerExternalId: 'C000001',
      occurredAt: new Date('2026-09-05T06:22:36.000Z'),
      type: 'view',
      productId: 'P0001',
      category: 'electronics',
      price: 37.77,
      quantity: 1,
      sessionId: 'C000001-S1',
      dwellSeconds: 37,
    });
    expect(g.exposures().next().value).toEqual({
      customerExternalId: 'C000001',
      offerId: 'OFFER-02',
      discountPct: 10,
      propensity: 0.2,
      shownAt: new Date('2026-12-03T09:24:43.000Z'),
      converted: 0,
      revenue: 0,
    });
    expect(g.groundTruth()[0]).toEqual({
      customerExternalId: 'C000001',
      type: 'bargain-hunter',
      alpha: -3.2,
      beta: 10,
      x: [1.016541458374596, -0.3986444938312889, 1.2841516278431635],
      baselineOrderValue: 51.02,
    });
    expect(g.products.length).toBe(500);
    expect([g.products[0], g.products[499]]).toEqual([
      { productId: 'P0001', category: 'electronics', price: 37.77 },
      { productId: 'P0500', category: 'pets', price: 48.54 },
    ]);
  });
  it('two generators with one seed give identical data; another seed differs', () => {
    const a = generateDemoData({ seed: 11, customers: 60 });
    const b = generateDemoData({ seed: 11, customers: 60 });
    const c = generateDemoData({ seed: 12, customers: 60 });
    expect(b).toEqual(a);
    expect(c.events.length).not.toBe(a.events.length);
    expect(c.customers[0]).not.toEqual(a.customers[0]);
  });
  it('is order-independent and scale-stable: customer 42 is the same alone, in the stream, and at scale 3', () => {
    const g = createDemoGenerator({ seed: 5, customers: 50 });
    const g3 = createDemoGenerator({ seed: 5, customers: 50, scale: 3 });
    expect(g3.customerCount).toBe(150);
    const fromStream = [...g.events()].filter((e) => e.customerExternalId === 'C000042');
    expect(fromStream.length).toBeGreaterThan(0);
    expect(g.customerEvents(41)).toEqual(fromStream);
    expect(g3.customerEvents(41)).toEqual(fromStream);
    expect(g3.customerExposures(41)).toEqual(g.customerExposures(41));
    expect(createDemoGenerator({ scale: 10 }).customerCount).toBe(50_000);
  });
  it('matches the recorded totals of the default demo', () => {
    const g = createDemoGenerator();
    const byType: Record<string, number> = {};
    let events = 0;
    for (const e of g.events()) {
      events++;
      byType[e.type] = (byType[e.type] ?? 0) + 1;
    }
    const byDiscount: Record<number, number> = {};
    let exposures = 0,
      converted = 0;
    for (const x of g.exposures()) {
      exposures++;
      converted += x.converted;
      byDiscount[x.discountPct] = (byDiscount[x.discountPct] ?? 0) + 1;
    }
    const types: Record<string, number> = {};
    for (const t of g.groundTruth()) types[t.type] = (types[t.type] ?? 0) + 1;
    let customers = 0;
    for (const chunk of inChunks(g.customers(), 1000)) {
      expect(chunk.length).toBe(1000);
      customers += chunk.length;
    }
    expect({ customers, events, byType, exposures, converted, exposuresByDiscount: byDiscount, types }).toEqual(
      DEFAULT_TOTALS,
    );
    // type shares within 2 points of the documented shares
    for (const t of CUSTOMER_TYPES) expect(Math.abs(types[t.name] / 5000 - t.share)).toBeLessThan(0.02);
    // uniform randomisation: chi-square of the counts per level (df 4) below scipy chi2.ppf(.95, 4) = 9.4877
    const chi2 = DISCOUNT_LEVELS.reduce((a, d) => a + (byDiscount[d] - exposures / 5) ** 2 / (exposures / 5), 0);
    expect(chi2).toBeLessThan(9.4877);
  }, 20_000);
});

describe('demo generator: invariants and behaviour', () => {
  const g = createDemoGenerator({ seed: 3, customers: 1500 });
  const events: DemoEvent[] = [...g.events()];
  const exposures = [...g.exposures()];
  const truth = new Map(g.groundTruth().map((t) => [t.customerExternalId, t]));
  const startMs = g.start.getTime(),
    endMs = startMs + 90 * 86_400_000;

  it('events lie in the history window, in time order per customer, with valid fields', () => {
    const signup = new Map([...g.customers()].map((c) => [c.externalId, c.signupAt.getTime()]));
    const last = new Map<string, number>();
    const bad: DemoEvent[] = [];
    for (const e of events) {
      const t = e.occurredAt.getTime();
      const ok =
        t >= startMs &&
        t < endMs &&
        t >= signup.get(e.customerExternalId)! &&
        t >= (last.get(e.customerExternalId) ?? 0) &&
        e.quantity >= 1 &&
        e.quantity <= 3 &&
        e.dwellSeconds >= 0 &&
        Number.isInteger(e.dwellSeconds) &&
        (e.type === 'search' ? e.productId === null && e.price === null : e.price! >= 0.99 && round2ok(e.price!));
      if (!ok) bad.push(e);
      last.set(e.customerExternalId, t);
    }
    expect(bad).toEqual([]);
    expect(events.length).toBeGreaterThan(80_000); // about 60 per customer
  });
  it('exposures lie in the campaign window with uniform-design fields and revenue only when converted', () => {
    for (const x of exposures) {
      const t = x.shownAt.getTime();
      expect(t >= endMs && t < endMs + 14 * 86_400_000).toBe(true);
      expect(DISCOUNT_LEVELS).toContain(x.discountPct);
      expect(x.propensity).toBe(0.2);
      expect(x.converted === 1 ? x.revenue > 0 && round2ok(x.revenue) : x.revenue === 0).toBe(true);
    }
  });
  it('realised conversion per discount level follows the truth and rises with the discount', () => {
    const rates: number[] = [];
    for (const d of DISCOUNT_LEVELS) {
      const xs = exposures.filter((x) => x.discountPct === d);
      const p = xs.reduce((a, x) => a + trueConversionProbability(truth.get(x.customerExternalId)!, d), 0) / xs.length;
      const rate = xs.reduce((a, x) => a + x.converted, 0) / xs.length;
      const se = Math.sqrt((p * (1 - p)) / xs.length);
      expect(Math.abs(rate - p)).toBeLessThan(3.5 * se);
      rates.push(rate);
    }
    expect(rates[4]).toBeGreaterThan(rates[0] + 0.04); // truth: about 0.143 vs 0.076 (see DEFAULT_TOTALS run)
    expect(rates[4] + rates[3]).toBeGreaterThan(rates[1] + rates[0]);
  });
  it('types behave differently: bargain hunters look at cheaper products than premium customers and respond to discounts', () => {
    const meanViewPrice = (type: string) => {
      const vs = events.filter((e) => e.type === 'view' && truth.get(e.customerExternalId)!.type === type);
      return vs.reduce((a, e) => a + e.price!, 0) / vs.length;
    };
    expect(meanViewPrice('bargain-hunter')).toBeLessThan(0.6 * meanViewPrice('premium'));
    const lift = (type: string) => {
      const xs = exposures.filter((x) => truth.get(x.customerExternalId)!.type === type);
      const rate = (d: number) => {
        const s = xs.filter((x) => x.discountPct === d);
        return s.reduce((a, x) => a + x.converted, 0) / s.length;
      };
      return rate(20) - rate(0);
    };
    expect(lift('bargain-hunter')).toBeGreaterThan(0.1); // truth at x = 0: 0.231 - 0.039
    expect(lift('premium')).toBeLessThan(lift('bargain-hunter'));
  });
});

describe('demo CSV round trip', () => {
  it('writes the three formats and every row validates against the schema', () => {
    const d = generateDemoData({ seed: 9, customers: 40 });
    const known = new Set(d.customers.map((c) => c.externalId));
    const files: [CsvKind, string, number][] = [
      ['customers', toCsv('customers', d.customers), d.customers.length],
      ['events', toCsv('events', d.events), d.events.length],
      ['exposures', toCsv('exposures', d.exposures), d.exposures.length],
    ];
    for (const [kind, text, n] of files) {
      const rows: string[][] = parse(text, { relax_column_count: true });
      expect(rows.length).toBe(n + 1);
      const h = resolveHeader(kind, rows[0]);
      if (!h.ok) throw new Error('header');
      for (let i = 1; i < rows.length; i++) {
        const r = validateRow(kind, rows[i], i + 1, h.mapping, { knownCustomer: (id) => known.has(id) });
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
      }
    }
    const ev = resolveHeader('events', files[1][1].split('\n')[0].split(','));
    const first = validateRow('events', parse(files[1][1])[1], 2, ev.ok ? ev.mapping : (null as never));
    const e0 = d.events[0];
    expect(first.ok && first.value).toEqual({
      customerId: e0.customerExternalId,
      occurredAt: e0.occurredAt,
      type: e0.type,
      productId: e0.productId,
      category: e0.category,
      price: e0.price,
      quantity: e0.quantity,
      sessionId: e0.sessionId,
      dwellSeconds: e0.dwellSeconds,
    });
    expect(files[0][1].split('\n')[0]).toBe('customer_id,signup_date,country,email,phone,name');
    expect(files[2][1].split('\n')[1]).toMatch(
      /^C000001,OFFER-\d\d,(0|5|10|15|20),2026-12-\d\dT[\d:.]+Z,[01],\d+\.\d\d,0\.2$/,
    );
  });
  it('streams in chunks with the header only in the first', () => {
    const g = createDemoGenerator({ seed: 9, customers: 40 });
    const chunks = [...toCsvChunks('customers', g.customers(), 16)];
    expect(chunks.map((c) => c.split('\n').length - 1)).toEqual([17, 16, 8]);
    expect(chunks.join('')).toBe(toCsv('customers', g.customers()));
  });
});
