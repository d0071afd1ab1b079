import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as eventsRoute from '@/app/api/v1/events/route';
import * as csvRoute from '@/app/api/v1/experiments/[id]/results/csv/route';
import * as resultsRoute from '@/app/api/v1/experiments/[id]/results/route';
import * as startRoute from '@/app/api/v1/experiments/[id]/start/route';
import * as submitRoute from '@/app/api/v1/experiments/[id]/submit/route';
import * as analyzeRoute from '@/app/api/v1/experiments/analyze/route';
import * as experimentsRoute from '@/app/api/v1/experiments/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import { db } from '@/lib/db';
import { assignVariant } from '@/lib/experiments/assignment';
import { sampleSize } from '@/lib/experiments/sample-size';
import { analyze } from '@/lib/experiments/stats';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';
import { activeCampaign } from './security-helpers';

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(
  handler: Handler,
  method: string,
  url: string,
  key: string,
  json?: unknown,
  params: Record<string, string> = {},
) {
  const req = new NextRequest(`http://localhost${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

describe('experiment: assignment → exposure → conversion → result, through the API and database', () => {
  it('assigns deterministically, attributes conversions, and reports the same numbers as the stats engine', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const analyst = (await createApiKey(admin, { name: 'an', role: 'ANALYST' })).key;
    const storefront = (await createApiKey(admin, { name: 'sf', role: 'MANAGER' })).key;
    const created = await call(experimentsRoute.POST, 'POST', '/api/v1/experiments', analyst, {
      key: 'it-ten-off',
      name: 'Ten off vs control',
      primaryMetric: 'conversion',
      marginPct: 50,
      variants: [
        { name: 'Control', weight: 1, discountPct: 0 },
        { name: '10% off', weight: 1, discountPct: 10 },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // a live change: a manager submits it in a campaign, an admin (not the submitter) approves and starts it
    const manager = (await createApiKey(await orgContext('acme', 'MANAGER'), { name: 'mgr', role: 'MANAGER' })).key;
    const campaign = await activeCampaign('acme', 'Experiment bounds', 30);
    const submit = await call(
      submitRoute.POST,
      'POST',
      `/api/v1/experiments/${id}/submit`,
      manager,
      {
        campaignId: campaign.id,
      },
      { id },
    );
    expect(submit.status).toBe(200);
    const adminKey = (await createApiKey(admin, { name: 'approver', role: 'ADMIN' })).key;
    expect(
      (await call(startRoute.POST, 'POST', `/api/v1/experiments/${id}/start`, adminKey, undefined, { id })).body.status,
    ).toBe('RUNNING');
    expect(
      (await call(startRoute.POST, 'POST', `/api/v1/experiments/${id}/start`, adminKey, undefined, { id })).status,
    ).toBe(409);

    const customers = Array.from({ length: 40 }, (_, i) => `AC${String(i + 1).padStart(5, '0')}`);
    const offers: { customerId: string; decisionId: string; discountPct: number; experiment: { variant: string } }[] =
      [];
    for (const c of customers) {
      const o = await call(offersRoute.POST, 'POST', '/api/v1/offers', storefront, { customerId: c });
      expect(o.status).toBe(200);
      expect(o.body.experiment.variant).toBe(
        assignVariant('it-ten-off', c, [
          { name: 'Control', weight: 1 },
          { name: '10% off', weight: 1 },
        ]),
      );
      expect(o.body.discountPct).toBe(o.body.experiment.variant === 'Control' ? 0 : 10);
      offers.push(o.body);
    }
    // asking again gives the same arm and does not add an assignment
    const again = await call(offersRoute.POST, 'POST', '/api/v1/offers', storefront, { customerId: customers[0] });
    expect(again.body.experiment.variant).toBe(offers[0].experiment.variant);
    expect(await db.assignment.count({ where: { experimentId: id } })).toBe(40);
    expect(await db.offerExposure.count({ where: { decision: { experimentId: id } } })).toBe(41);

    // every third customer buys, citing their decision: price 100 → revenue 100 (the price paid)
    const buyers = offers.filter((_, i) => i % 3 === 0);
    const ev = await call(eventsRoute.POST, 'POST', '/api/v1/events', storefront, {
      events: buyers.map((o) => ({
        customerId: o.customerId,
        type: 'purchase',
        price: 100,
        quantity: 1,
        decisionId: o.decisionId,
      })),
    });
    expect(ev.body.conversionsAttributed).toBe(buyers.length);
    const wrong = await call(eventsRoute.POST, 'POST', '/api/v1/events', storefront, {
      events: [{ customerId: customers[1], type: 'purchase', price: 1, decisionId: offers[0].decisionId }],
    });
    expect(wrong.status).toBe(422);

    const res = await call(resultsRoute.GET, 'GET', `/api/v1/experiments/${id}/results`, analyst, undefined, { id });
    expect(res.status).toBe(200);
    const n = (v: string) => offers.filter((o) => o.experiment.variant === v).length;
    const s = (v: string) => buyers.filter((o) => o.experiment.variant === v).length;
    expect(res.body.variants.map((v: { name: string; users: number }) => [v.name, v.users])).toEqual([
      ['Control', n('Control')],
      ['10% off', n('10% off')],
    ]);
    const expected = analyze({
      variants: [
        { name: 'Control', n: n('Control'), sum: s('Control') },
        { name: '10% off', n: n('10% off'), sum: s('10% off') },
      ],
      metric: 'binomial',
      method: 'frequentist',
      expectedWeights: [1, 1],
    });
    expect(res.body.metrics.conversion.comparisons[0].pValue).toBeCloseTo(expected.comparisons[0].pValue, 12);
    expect(res.body.metrics.conversion.variants.map((v: { mean: number }) => v.mean)).toEqual(
      expected.variants.map((v) => v.mean),
    );
    // the page's Bayesian toggle: GrowthBook's Gaussian effect posterior on the same aggregates (no sequential)
    const bayes = await call(
      resultsRoute.GET,
      'GET',
      `/api/v1/experiments/${id}/results?method=bayesian&sequential=true`,
      analyst,
      undefined,
      { id },
    );
    const expectedBayes = analyze({
      variants: [
        { name: 'Control', n: n('Control'), sum: s('Control') },
        { name: '10% off', n: n('10% off'), sum: s('10% off') },
      ],
      metric: 'binomial',
      method: 'bayesian',
    }).comparisons[0];
    expect(bayes.body.options).toMatchObject({ method: 'bayesian', sequential: false });
    const got = bayes.body.metrics.conversion.comparisons[0];
    expect(got.chanceToWin).toBeCloseTo(expectedBayes.chanceToWin!, 12);
    expect(got.ci[0]).toBeCloseTo(expectedBayes.ci![0], 12);
    expect(got.ci[1]).toBeCloseTo(expectedBayes.ci![1], 12);
    expect(got.expectedLoss[1]).toBeCloseTo(expectedBayes.expectedLoss![1], 12);
    expect(got.betaChanceToWin).toBeCloseTo(expectedBayes.betaChanceToWin!, 12);
    // revenue per user in the 10% arm: buyers × 100 / users; discount cost: order value 100/0.9 × 10% per buyer
    expect(res.body.metrics.revenue.variants[1].mean).toBeCloseTo((s('10% off') * 100) / n('10% off'), 10);
    expect(res.body.metrics.discountCost.variants[1].mean).toBeCloseTo(
      (s('10% off') * (100 / 0.9) * 0.1) / n('10% off'),
      10,
    );
    expect(res.body.metrics.discountCost.variants[0].mean).toBe(0);
    // profit with 50% margin: revenue − order value × 0.5
    expect(res.body.metrics.profit.variants[0].mean).toBeCloseTo((s('Control') * 50) / n('Control'), 10);
    expect(typeof res.body.verdict).toBe('string');
    // days to a decision: customers needed for a 5 % lift on conversion at the control's own rate, minus those in
    expect(res.body.metrics.discountCost.comparisons[0].chanceToWin).toBeNull(); // a cost never "beats control"
    const needed = sampleSize({ metric: 'binomial', baselineMean: s('Control') / n('Control'), mde: 0.05 }).total;
    expect(res.body.planning).toMatchObject({ mdePct: 5, metric: 'conversion', requiredTotal: needed });
    expect(res.body.planning.remaining).toBe(needed - 40);

    // the CSV export carries the same numbers as the JSON
    const csvRes = await csvRoute.GET(
      new NextRequest(`http://localhost/api/v1/experiments/${id}/results/csv`, {
        headers: { authorization: `Bearer ${analyst}` },
      }),
      { params: Promise.resolve({ id }) },
    );
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csvRes.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2 + 4 * 2);
    const conv = lines[3].split(',');
    const c0 = res.body.metrics.conversion.comparisons[0];
    expect(conv.slice(0, 4)).toEqual(['conversion', '10% off', 'false', String(n('10% off'))]);
    expect(Number(conv[9])).toBe(c0.pValue);
    expect(lines[7].split(',').slice(0, 2)).toEqual(['discountCost', '10% off']);
    expect(lines[7].split(',')[11]).toBe(''); // discount cost: no chance to beat control
    expect(res.body.timeline.length).toBeGreaterThanOrEqual(1);

    // the per-user rows CUPED reads (summed in Node) and PostgreSQL's sums give the same users, timeline and figures
    const perUser = await call(
      resultsRoute.GET,
      'GET',
      `/api/v1/experiments/${id}/results?cuped=true`,
      analyst,
      undefined,
      { id },
    );
    expect(perUser.status).toBe(200);
    const users = (r: typeof res) => r.body.variants.map((v: { users: number }) => v.users);
    expect(users(perUser)).toEqual(users(res));
    expect(users(res)).toEqual([n('Control'), n('10% off')]);
    expect(perUser.body.timeline).toEqual(res.body.timeline);
    for (const key of ['conversion', 'discountCost', 'revenue', 'profit'])
      for (const [i, v] of (res.body.metrics[key].variants as { mean: number; variance: number }[]).entries()) {
        expect(perUser.body.metrics[key].variants[i].mean).toBeCloseTo(v.mean, 9);
        // CUPED adjusts revenue and profit variances (here with no pre-period spend: nothing to adjust by)
        if (key === 'conversion' || key === 'discountCost')
          expect(perUser.body.metrics[key].variants[i].variance).toBeCloseTo(v.variance, 9);
      }
  });

  it('analyses aggregate numbers from elsewhere, and refuses bad ones', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = (await createApiKey(admin, { name: 'an2', role: 'ANALYST' })).key;
    const input = {
      variants: [
        { name: 'A', n: 1000, sum: 100 },
        { name: 'B', n: 1000, sum: 130 },
      ],
      metric: 'binomial',
      method: 'frequentist',
    };
    const ok = await call(analyzeRoute.POST, 'POST', '/api/v1/experiments/analyze', key, input);
    expect(ok.status).toBe(200);
    expect(ok.body.comparisons[0].lift).toBeCloseTo(0.3, 12);
    expect(ok.body.comparisons[0].pValue).toBeCloseTo(analyze(input as never).comparisons[0].pValue, 14);
    const bad = await call(analyzeRoute.POST, 'POST', '/api/v1/experiments/analyze', key, {
      variants: [
        { name: 'A', n: 10, sum: 11 },
        { name: 'B', n: 10, sum: 1 },
      ],
      metric: 'binomial',
      method: 'frequentist',
    });
    expect([400, 422]).toContain(bad.status);
    expect(bad.body.error.message).toMatch(/sum|conversions/i);
  });
});
