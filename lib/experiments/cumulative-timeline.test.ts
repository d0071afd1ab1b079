import { describe, expect, it } from 'vitest';
import { cumulativeTimeline } from './experiment-results';
import { summariseUsers, type UserRow } from './experiment-sums';

const u = (variantId: string, assigned: string, converted: string | null): UserRow => ({
  variantId,
  customerId: `${variantId}-${assigned}-${converted}`,
  assignedAt: new Date(assigned),
  revenue: 0,
  cost: 0,
  firstConversion: converted ? new Date(converted) : null,
});

describe('cumulativeTimeline', () => {
  // control: 3 users (1, 1, 3 May), one converting on 2 May; treatment: 2 users (1, 2 May), both converting on 3 May
  const control = [
    u('c', '2026-05-01T09:00:00Z', '2026-05-02T10:00:00Z'),
    u('c', '2026-05-01T23:59:59Z', null),
    u('c', '2026-05-03T00:00:00Z', null),
  ];
  const treatment = [
    u('t', '2026-05-01T12:00:00Z', '2026-05-03T08:00:00Z'),
    u('t', '2026-05-02T12:00:00Z', '2026-05-03T09:00:00Z'),
  ];
  const points = cumulativeTimeline(
    [summariseUsers(control).days, summariseUsers(treatment).days],
    ['control', 'treatment'],
    0.05,
    false,
    'frequentist',
  );

  it('counts users and conversions cumulatively on every UTC day that has either (by hand)', () => {
    expect(points.map((p) => [p.date, p.users, p.conversions])).toEqual([
      ['2026-05-01', { control: 2, treatment: 1 }, { control: 0, treatment: 0 }],
      ['2026-05-02', { control: 2, treatment: 2 }, { control: 1, treatment: 0 }],
      ['2026-05-03', { control: 3, treatment: 2 }, { control: 1, treatment: 2 }],
    ]);
  });
  it('gives a lift once every arm has two users and the control a conversion: 2/2 vs 1/3 is +200 %', () => {
    expect(points[0].lift).toBeUndefined();
    expect(points[2].lift).toMatchObject({ treatment: { lift: expect.closeTo(2, 9) } });
  });
});

describe('summariseUsers', () => {
  it('gives the sums from which every metric’s mean and variance follow, profit included', () => {
    const users = [
      { ...u('c', '2026-05-01T00:00:00Z', '2026-05-01T01:00:00Z'), revenue: 90, cost: 10 },
      { ...u('c', '2026-05-01T00:00:00Z', null), revenue: 0, cost: 0 },
      { ...u('c', '2026-05-02T00:00:00Z', '2026-05-02T01:00:00Z'), revenue: 45, cost: 5 },
    ];
    const { sums } = summariseUsers(users);
    expect(sums).toEqual({
      n: 3,
      conversions: 2,
      revenue: 135,
      revenue2: 10125,
      cost: 15,
      cost2: 125,
      revenueCost: 1125,
    });
    // profit per user at a 40 % margin, by hand: revenue − (revenue + cost) × 0.6 → 30, 0, 15: sum 45, squares 1125
    const [a, b] = [0.4, 0.6];
    expect(a * sums.revenue - b * sums.cost).toBeCloseTo(45, 9);
    expect(a * a * sums.revenue2 - 2 * a * b * sums.revenueCost + b * b * sums.cost2).toBeCloseTo(1125, 9);
  });
});
