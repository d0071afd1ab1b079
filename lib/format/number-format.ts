/**
 * The one formatting module: every number, amount, share and size the dashboard shows goes through a formatter
 * made here for the organisation's locale and currency (Intl.NumberFormat; formatters are cached per options).
 * Framework-free: used by server pages, client components and chart axes alike.
 */
export interface FormatSettings {
  /** BCP 47 locale, e.g. en-GB */
  locale: string;
  /** ISO 4217 currency code, e.g. GBP */
  currency: string;
}

export interface NumberFormat {
  settings: FormatSettings;
  /** whole or fractional count with thousands separators: 140000 → "140,000"; digits = max fraction digits */
  number(value: number | null | undefined, digits?: number): string;
  /** an amount in the organisation's currency: 1234.5 → "£1,234.50"; `signed` shows + for gains */
  money(value: number | null | undefined, opts?: { signed?: boolean; digits?: number }): string;
  /** a fraction as a percentage: 0.1234 → "12.3%"; `signed` shows + for gains */
  pct(value: number | null | undefined, opts?: { digits?: number; signed?: boolean }): string;
  /** an amount of bytes: 1536 → "1.5 KiB"; below 1 KiB in bytes, never "0.00 MiB" */
  bytes(value: number | null | undefined): string;
  /** a short axis label: 140000 → "140K", 0.25 → "0.25" */
  compact(value: number | null | undefined): string;
  /** the currency symbol alone, for labels such as "Order value (£)" */
  currencySymbol(): string;
}

const DASH = '—';
const cache = new Map<string, Intl.NumberFormat>();

function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || !Number.isFinite(v);

/** Rounds away floating-point noise such as -39.50500000000001 before display. */
function clean(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function createNumberFormat(settings: FormatSettings): NumberFormat {
  const { locale, currency } = settings;
  return {
    settings,
    number(value, digits = 2) {
      if (missing(value)) return DASH;
      return nf(locale, { maximumFractionDigits: digits }).format(clean(value, digits));
    },
    money(value, opts = {}) {
      if (missing(value)) return DASH;
      const digits = opts.digits ?? 2;
      return nf(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: opts.signed ? 'exceptZero' : 'auto',
      }).format(clean(value, digits));
    },
    pct(value, opts = {}) {
      if (missing(value)) return DASH;
      const digits = opts.digits ?? 1;
      return nf(locale, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: opts.signed ? 'exceptZero' : 'auto',
      }).format(clean(value, digits + 2));
    },
    bytes(value) {
      if (missing(value)) return DASH;
      const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
      let v = value;
      let u = 0;
      while (Math.abs(v) >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
      }
      return `${nf(locale, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v)} ${units[u]}`;
    },
    compact(value) {
      if (missing(value)) return DASH;
      if (Math.abs(value) < 1000) return nf(locale, { maximumFractionDigits: 3 }).format(clean(value, 6));
      return nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    },
    currencySymbol() {
      const part = nf(locale, { style: 'currency', currency })
        .formatToParts(0)
        .find((p) => p.type === 'currency');
      return part?.value ?? currency;
    },
  };
}

/** True when `code` is an ISO 4217 currency this runtime can format. */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}

/** True when `tag` is a well-formed BCP 47 locale tag this runtime supports for numbers. */
export function isKnownLocale(tag: string): boolean {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return Intl.NumberFormat.supportedLocalesOf([canonical]).length === 1;
  } catch {
    return false;
  }
}
