/**
 * Static ingredients of the demo merchant: categories, the seeded product catalogue, fake names and
 * countries. All personal data is fictitious (example.com e-mail domains, 555 phone numbers).
 */
import type { Rng } from '../ml/rng';

export interface DemoCategory {
  name: string;
  /** Median product price in the category. */
  basePrice: number;
  /** Relative popularity when a customer picks favourite categories. */
  weight: number;
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  { name: 'electronics', basePrice: 120, weight: 1.4 },
  { name: 'fashion', basePrice: 40, weight: 1.6 },
  { name: 'home', basePrice: 45, weight: 1.2 },
  { name: 'beauty', basePrice: 25, weight: 1.1 },
  { name: 'sports', basePrice: 55, weight: 0.9 },
  { name: 'books', basePrice: 15, weight: 0.8 },
  { name: 'toys', basePrice: 30, weight: 0.7 },
  { name: 'grocery', basePrice: 8, weight: 1.0 },
  { name: 'garden', basePrice: 35, weight: 0.6 },
  { name: 'pets', basePrice: 20, weight: 0.7 },
];

/** Products per category (10 categories × 50 = 500 products). */
export const PRODUCTS_PER_CATEGORY = 50;

export interface DemoProduct {
  productId: string;
  category: string;
  /** Unit price, 2 decimals, at least 0.99. */
  price: number;
}

/**
 * Builds the catalogue: product k of category c has id P{c·50+k+1, 4 digits}; prices are lognormal around
 * the category's base price (σ = 0.5) and, within a category, sorted ascending so that product position
 * encodes price level (cheap products first).
 */
export function buildCatalog(rng: Rng): DemoProduct[] {
  const products: DemoProduct[] = [];
  DEMO_CATEGORIES.forEach((cat, c) => {
    const prices = new Float64Array(PRODUCTS_PER_CATEGORY);
    for (let k = 0; k < prices.length; k++) {
      prices[k] = Math.max(0.99, Math.round(cat.basePrice * Math.exp(0.5 * rng.normal()) * 100) / 100);
    }
    prices.sort();
    for (let k = 0; k < prices.length; k++) {
      products.push({
        productId: `P${String(c * PRODUCTS_PER_CATEGORY + k + 1).padStart(4, '0')}`,
        category: cat.name,
        price: prices[k],
      });
    }
  });
  return products;
}

/** Countries of the demo customer base with their shares and calling codes. */
export const DEMO_COUNTRIES: readonly { code: string; share: number; callingCode: string }[] = [
  { code: 'US', share: 0.3, callingCode: '1' },
  { code: 'GB', share: 0.12, callingCode: '44' },
  { code: 'DE', share: 0.12, callingCode: '49' },
  { code: 'FR', share: 0.1, callingCode: '33' },
  { code: 'CA', share: 0.08, callingCode: '1' },
  { code: 'AU', share: 0.06, callingCode: '61' },
  { code: 'NL', share: 0.05, callingCode: '31' },
  { code: 'ES', share: 0.05, callingCode: '34' },
  { code: 'IT', share: 0.05, callingCode: '39' },
  { code: 'SE', share: 0.04, callingCode: '46' },
  { code: 'JP', share: 0.03, callingCode: '81' },
];

export const FIRST_NAMES: readonly string[] = [
  'Alice',
  'Bob',
  'Chloé',
  'David',
  'Emma',
  'Farid',
  'Grace',
  'Hiro',
  'Isabel',
  'Jonas',
  'Kara',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Pedro',
  'Quinn',
  'Rosa',
  'Sam',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Anna',
  'Ben',
  'Clara',
  'Diego',
  'Elif',
  'Finn',
  'Giulia',
  'Hannah',
  'Ivan',
  'Julia',
  'Kenji',
  'Lena',
  'Mateo',
  'Nora',
];

export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Müller',
  'Martin',
  'García',
  'Rossi',
  'Johansson',
  'Tanaka',
  'Brown',
  'Dubois',
  'Jansen',
  'Wilson',
  'Schmidt',
  'López',
  'Bianchi',
  'Nilsson',
  'Sato',
  "O'Brien",
  'Taylor',
  'Lefebvre',
  'de Vries',
  'Kowalski',
  'Novak',
  'Silva',
  'Chen',
  'Khan',
  'Nguyen',
  'Ivanova',
  'Cohen',
  'Okafor',
  'Larsen',
];

/** ASCII slug for e-mail local parts ('Zoë' -> 'zoe', "O'Brien" -> 'obrien', 'de Vries' -> 'devries'). */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** Index into `items` drawn with probability proportional to weight(item). */
export function pickWeighted<T>(rng: Rng, items: readonly T[], weight: (t: T) => number, total: number): number {
  let u = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    u -= weight(items[i]);
    if (u < 0) return i;
  }
  return items.length - 1;
}
