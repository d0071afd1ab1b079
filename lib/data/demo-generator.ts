/**
 * Deterministic simulator of a demo merchant: customers, their browsing/purchase event history, and a
 * randomised discount campaign (exposures) that follows the history. Every customer has its own seeded Rng
 * per stream (profile, events, exposures), so each iterator can be consumed alone, in any order, in chunks,
 * and customer C000042 is identical at every scale. Nothing is held in memory beyond one customer's events.
 *
 * Timeline: events lie in [start, start + days); exposures lie in the campaign window
 * [start + days, start + days + campaignDays), so features built from events never see campaign outcomes.
 * Iterators are customer-major (all rows of C000001, then C000002, ...), each customer's rows in time order.
 * The latent truth (types, conversion model) is documented in demo-model.ts.
 */
import { Rng } from '../ml/rng';
import type { EventType } from './csv-schema';
import {
  asciiSlug,
  buildCatalog,
  DEMO_CATEGORIES,
  DEMO_COUNTRIES,
  type DemoProduct,
  FIRST_NAMES,
  LAST_NAMES,
  PRODUCTS_PER_CATEGORY,
  pickWeighted,
} from './demo-catalog';
import {
  CUSTOMER_TYPES,
  type CustomerTruth,
  type CustomerType,
  customerType,
  DISCOUNT_LEVELS,
  drawTruth,
  mixSeed,
  trueConversionProbability,
} from './demo-model';

export interface DemoOptions {
  /** Master seed; default 20261129. */
  seed?: number;
  /** Customers at scale 1; default 5000 (≈ 300,000 events and ≈ 20,000 exposures). */
  customers?: number;
  /** Multiplies the number of customers (hence events and exposures); default 1. */
  scale?: number;
  /** Start of the event history; default 2026-09-01T00:00:00Z. */
  start?: Date;
  /** Length of the event history in days; default 90. */
  days?: number;
  /** Length of the campaign window that follows the history, in days; default 14. */
  campaignDays?: number;
  /** Offers in the campaign, run one after another; default 8. */
  offers?: number;
  /** Probability that a customer is shown each offer; default 0.5 (4 exposures per customer on average). */
  exposureRate?: number;
  /** Share of customers who sign up during the history (the others up to 2 years before); default 0.1. */
  newCustomerShare?: number;
}

export interface DemoCustomer {
  externalId: string;
  signupAt: Date;
  country: string;
  email: string;
  phone: string;
  name: string;
}

export interface DemoEvent {
  customerExternalId: string;
  occurredAt: Date;
  type: EventType;
  /** null for searches. */
  productId: string | null;
  /** Category viewed, carted, bought or searched. */
  category: string;
  /** Unit price with 2 decimals; null for searches. */
  price: number | null;
  /** Items added, removed or bought; 1 for views and searches. */
  quantity: number;
  sessionId: string;
  /** Whole seconds spent on the event before the next one. */
  dwellSeconds: number;
}

export interface DemoExposure {
  customerExternalId: string;
  offerId: string;
  /** One of 0, 5, 10, 15, 20, drawn uniformly at random. */
  discountPct: number;
  /** Probability of the drawn discount under the logging policy: 0.2. */
  propensity: number;
  shownAt: Date;
  converted: 0 | 1;
  /** Order value after discount, 2 decimals; 0 when not converted. */
  revenue: number;
}

const DAY_MS = 86_400_000;
const STREAM_PROFILE = 1,
  STREAM_EVENTS = 2,
  STREAM_EXPOSURES = 3;
// Relative session intensity by UTC hour (max 1): quiet at night, peak around 20:00.
const HOUR_WEIGHT = Array.from(
  { length: 24 },
  (_, h) => 0.15 + 0.85 * Math.exp(-((h - 20) ** 2) / 18) + 0.35 * Math.exp(-((h - 12) ** 2) / 8),
);
const HOUR_MAX = Math.max(...HOUR_WEIGHT);
const HOUR_ACCEPT = HOUR_WEIGHT.map((w) => w / HOUR_MAX);
const HOUR_MEAN_ACCEPT = HOUR_ACCEPT.reduce((a, b) => a + b, 0) / 24;
const COUNTRY_TOTAL = DEMO_COUNTRIES.reduce((a, c) => a + c.share, 0);
const CATEGORY_TOTAL = DEMO_CATEGORIES.reduce((a, c) => a + c.weight, 0);
const round2 = (v: number) => Math.round(v * 100) / 100;

interface Profile {
  customer: DemoCustomer;
  truth: CustomerTruth;
  type: CustomerType;
  favourite: [number, number];
}

export class DemoGenerator {
  readonly seed: number;
  readonly customerCount: number;
  readonly start: Date;
  readonly days: number;
  readonly campaignDays: number;
  readonly offers: number;
  readonly exposureRate: number;
  readonly newCustomerShare: number;
  /** The 500-product catalogue. */
  readonly products: readonly DemoProduct[];
  private readonly idWidth: number;

  constructor(options: DemoOptions = {}) {
    const {
      seed = 20261129,
      customers = 5000,
      scale = 1,
      start = new Date(Date.UTC(2026, 8, 1)),
      days = 90,
      campaignDays = 14,
      offers = 8,
      exposureRate = 0.5,
      newCustomerShare = 0.1,
    } = options;
    if (!Number.isFinite(seed)) throw new TypeError(`DemoGenerator: seed must be a finite number (got ${seed})`);
    if (!Number.isInteger(customers) || customers < 1)
      throw new RangeError(`DemoGenerator: customers must be a positive integer (got ${customers})`);
    if (!(scale > 0) || !Number.isFinite(scale))
      throw new RangeError(`DemoGenerator: scale must be > 0 (got ${scale})`);
    if (!(start instanceof Date) || Number.isNaN(start.getTime()))
      throw new TypeError('DemoGenerator: start must be a valid Date');
    if (!(days > 0) || !(campaignDays > 0)) throw new RangeError('DemoGenerator: days and campaignDays must be > 0');
    if (!Number.isInteger(offers) || offers < 1 || offers > 99)
      throw new RangeError(`DemoGenerator: offers must be an integer in 1..99 (got ${offers})`);
    if (!(exposureRate >= 0 && exposureRate <= 1))
      throw new RangeError(`DemoGenerator: exposureRate must be in [0, 1] (got ${exposureRate})`);
    if (!(newCustomerShare >= 0 && newCustomerShare <= 1))
      throw new RangeError(`DemoGenerator: newCustomerShare must be in [0, 1]`);
    this.seed = seed;
    this.days = days;
    this.campaignDays = campaignDays;
    this.offers = offers;
    this.exposureRate = exposureRate;
    this.newCustomerShare = newCustomerShare;
    this.customerCount = Math.max(1, Math.round(customers * scale));
    this.start = new Date(start.getTime());
    this.idWidth = Math.max(6, String(this.customerCount).length);
    this.products = buildCatalog(new Rng(mixSeed(seed, 0xffffffff, 0)));
  }

  /** External id of the i-th customer (0-based): 'C000001', ... */
  externalId(index: number): string {
    return `C${String(index + 1).padStart(this.idWidth, '0')}`;
  }

  private profile(index: number): Profile {
    const rng = new Rng(mixSeed(this.seed, index, STREAM_PROFILE));
    const externalId = this.externalId(index);
    const truth = drawTruth(rng, externalId);
    const country = DEMO_COUNTRIES[pickWeighted(rng, DEMO_COUNTRIES, (c) => c.share, COUNTRY_TOTAL)];
    const first = FIRST_NAMES[rng.int(FIRST_NAMES.length)];
    const last = LAST_NAMES[rng.int(LAST_NAMES.length)];
    const domain = ['example.com', 'example.org', 'example.net'][rng.int(3)];
    const phone = `+${country.callingCode} 555 ${String(rng.int(10_000_000)).padStart(7, '0')}`;
    const offsetDays = rng.next() < this.newCustomerShare ? rng.next() * this.days : -(1 + rng.next() * 729);
    const signupAt = new Date(Math.floor((this.start.getTime() + offsetDays * DAY_MS) / 1000) * 1000);
    const fav1 = pickWeighted(rng, DEMO_CATEGORIES, (c) => c.weight, CATEGORY_TOTAL);
    let fav2 = pickWeighted(rng, DEMO_CATEGORIES, (c) => c.weight, CATEGORY_TOTAL);
    if (fav2 === fav1) fav2 = (fav1 + 1 + rng.int(DEMO_CATEGORIES.length - 1)) % DEMO_CATEGORIES.length;
    const customer: DemoCustomer = {
      externalId,
      signupAt,
      country: country.code,
      phone,
      name: `${first} ${last}`,
      email: `${asciiSlug(first)}.${asciiSlug(last)}${index + 1}@${domain}`,
    };
    return { customer, truth, type: customerType(truth.type), favourite: [fav1, fav2] };
  }

  /** Customers in id order. */
  *customers(): Generator<DemoCustomer> {
    for (let i = 0; i < this.customerCount; i++) yield this.profile(i).customer;
  }

  /** Ground truth of every customer, in id order (one small object per customer). */
  groundTruth(): CustomerTruth[] {
    const out: CustomerTruth[] = [];
    for (let i = 0; i < this.customerCount; i++) out.push(this.profile(i).truth);
    return out;
  }

  /** Events, customer by customer, each customer's in time order. */
  *events(): Generator<DemoEvent> {
    for (let i = 0; i < this.customerCount; i++) yield* this.customerEvents(i);
  }

  /** Campaign exposures, customer by customer, in offer order. */
  *exposures(): Generator<DemoExposure> {
    for (let i = 0; i < this.customerCount; i++) yield* this.customerExposures(i);
  }

  /** The event history of the i-th customer (0-based). */
  customerEvents(index: number): DemoEvent[] {
    const { customer, truth, type, favourite } = this.profile(index);
    const rng = new Rng(mixSeed(this.seed, index, STREAM_EVENTS));
    const [activity, engagement, cartAffinity] = truth.x;
    const out: DemoEvent[] = [];
    const startMs = this.start.getTime();
    const endMs = startMs + this.days * DAY_MS;
    // Session starts: a Poisson process thinned by hour of day; the candidate rate makes the accepted rate
    // equal to the customer's sessions per week.
    const sessionsPerDay = (type.sessionsPerWeek * Math.exp(0.5 * activity - 0.125)) / 7;
    const candidatePerMs = sessionsPerDay / HOUR_MEAN_ACCEPT / DAY_MS;
    const viewsMean = type.viewsPerSession * Math.exp(0.2 * engagement - 0.02);
    const dwellMean = type.dwellSeconds * Math.exp(0.3 * engagement - 0.045);
    const pCart = Math.min(0.9, type.cartPerView * Math.exp(0.4 * cartAffinity - 0.08));
    const pPurchase = Math.min(0.95, type.purchaseProb * Math.exp(0.3 * cartAffinity - 0.045));
    // views per session: 1 + geometric(p = 1/viewsMean), whose mean is viewsMean − 1; capped at 60
    const logQ = Math.log(1 - 1 / Math.max(viewsMean, 1.0001));
    const cid = customer.externalId;
    let clock = 0,
      sessionId = '';
    const emit = (
      eventType: EventType,
      product: DemoProduct | null,
      category: string,
      quantity: number,
      dwellSeconds: number,
    ) => {
      if (clock >= endMs) return;
      out.push({
        customerExternalId: cid,
        occurredAt: new Date(clock),
        type: eventType,
        productId: product ? product.productId : null,
        category,
        price: product ? product.price : null,
        quantity,
        sessionId,
        dwellSeconds,
      });
      clock += dwellSeconds * 1000;
    };
    const pickCategory = () => {
      const u = rng.next();
      return u < 0.45 ? favourite[0] : u < 0.65 ? favourite[1] : rng.int(DEMO_CATEGORIES.length);
    };
    const pickProduct = (c: number) => {
      const u = rng.next();
      const k =
        type.priceTaste === 'any'
          ? Math.floor(u * PRODUCTS_PER_CATEGORY)
          : type.priceTaste === 'low'
            ? Math.floor(u * u * PRODUCTS_PER_CATEGORY)
            : PRODUCTS_PER_CATEGORY - 1 - Math.floor(u * u * PRODUCTS_PER_CATEGORY);
      return this.products[c * PRODUCTS_PER_CATEGORY + k];
    };
    let t = Math.max(startMs, customer.signupAt.getTime());
    let sessions = 0;
    for (;;) {
      t += -Math.log(1 - rng.next()) / candidatePerMs;
      if (t >= endMs) break;
      if (rng.next() >= HOUR_ACCEPT[Math.floor(t / 3_600_000) % 24]) continue;
      sessions++;
      sessionId = `${cid}-S${sessions}`;
      clock = Math.floor(t / 1000) * 1000;
      let category = pickCategory();
      if (rng.next() < type.searchProb)
        emit(
          'search',
          null,
          DEMO_CATEGORIES[category].name,
          1,
          Math.max(1, Math.round(8 * Math.exp(0.5 * rng.normal()))),
        );
      const views = Math.min(60, 1 + Math.floor(Math.log(1 - rng.next()) / logQ));
      const cart: { product: DemoProduct; quantity: number }[] = [];
      for (let v = 0; v < views; v++) {
        if (v > 0 || rng.next() < 0.2) category = pickCategory();
        const product = pickProduct(category);
        emit(
          'view',
          product,
          product.category,
          1,
          Math.max(1, Math.round(dwellMean * Math.exp(0.6 * rng.normal() - 0.18))),
        );
        if (rng.next() < pCart) {
          const u = rng.next();
          const quantity = u < 0.85 ? 1 : u < 0.97 ? 2 : 3;
          emit('add_to_cart', product, product.category, quantity, 2 + rng.int(8));
          cart.push({ product, quantity });
          if (rng.next() < 0.15) {
            emit('remove_from_cart', product, product.category, quantity, 2 + rng.int(5));
            cart.pop();
          }
        }
      }
      if (cart.length > 0 && rng.next() < pPurchase) {
        const checkout = Math.max(5, Math.round(40 * Math.exp(0.4 * rng.normal())));
        cart.forEach((line, k) => {
          emit('purchase', line.product, line.product.category, line.quantity, k === cart.length - 1 ? checkout : 0);
        });
      }
      t = Math.max(t, clock);
    }
    return out;
  }

  /** The campaign exposures of the i-th customer (0-based). */
  customerExposures(index: number): DemoExposure[] {
    const truth = this.profile(index).truth;
    const rng = new Rng(mixSeed(this.seed, index, STREAM_EXPOSURES));
    const campaignStart = this.start.getTime() + this.days * DAY_MS;
    const slotMs = (this.campaignDays * DAY_MS) / this.offers;
    const out: DemoExposure[] = [];
    for (let k = 0; k < this.offers; k++) {
      // draw every number for every offer so each offer's outcome uses the same random numbers whatever the
      // other offers did; uConvert is shared by all discount levels (common random numbers)
      const shown = rng.next() < this.exposureRate;
      const uTime = rng.next(),
        level = rng.int(DISCOUNT_LEVELS.length),
        uConvert = rng.next(),
        noise = rng.normal();
      if (!shown) continue;
      const discountPct = DISCOUNT_LEVELS[level];
      const converted = uConvert < trueConversionProbability(truth, discountPct) ? 1 : 0;
      // basket noise: lognormal with mean 1 (σ = 0.25)
      const revenue = converted
        ? round2(truth.baselineOrderValue * Math.exp(0.25 * noise - 0.03125) * (1 - discountPct / 100))
        : 0;
      out.push({
        customerExternalId: truth.customerExternalId,
        offerId: `OFFER-${String(k + 1).padStart(2, '0')}`,
        discountPct,
        propensity: 1 / DISCOUNT_LEVELS.length,
        shownAt: new Date(Math.floor((campaignStart + (k + uTime) * slotMs) / 1000) * 1000),
        converted,
        revenue,
      });
    }
    return out;
  }
}

/** Shares of the latent customer types (for documentation and tests). */
export const CUSTOMER_TYPE_SHARES: Readonly<Record<string, number>> = Object.fromEntries(
  CUSTOMER_TYPES.map((t) => [t.name, t.share]),
);

/** Creates the streaming generator. */
export function createDemoGenerator(options: DemoOptions = {}): DemoGenerator {
  return new DemoGenerator(options);
}

/** Groups any iterable into arrays of at most `size` items (for batched database inserts). */
export function* inChunks<T>(rows: Iterable<T>, size = 5000): Generator<T[]> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`inChunks: size must be a positive integer (got ${size})`);
  let chunk: T[] = [];
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Materialises everything at once — convenient for small sizes and tests; use the iterators for 10×. */
export function generateDemoData(options: DemoOptions = {}) {
  const g = new DemoGenerator(options);
  return {
    customers: [...g.customers()],
    events: [...g.events()],
    exposures: [...g.exposures()],
    truth: g.groundTruth(),
    products: g.products,
  };
}

export {
  CSV_HEADERS,
  CUSTOMERS_CSV_HEADER,
  customerCsvLine,
  EVENTS_CSV_HEADER,
  EXPOSURES_CSV_HEADER,
  eventCsvLine,
  exposureCsvLine,
  toCsv,
  toCsvChunks,
} from './demo-csv';
export type { CustomerTruth, CustomerTypeName } from './demo-model';
export { CUSTOMER_TYPES, DISCOUNT_LEVELS, trueConversionProbability, trueExpectedRevenue } from './demo-model';
