import { describe, expect, it } from 'vitest';
import { resultsCsv } from './results-csv';

describe('resultsCsv', () => {
  it('one row per metric and variant, treatments with lift, interval and p-values; quotes names', () => {
    const treatment = '10% off, "new"';
    const csv = resultsCsv(
      {
        conversion: {
          variants: [
            { name: 'Control', n: 100, mean: 0.1, sd: 0.3 },
            { name: treatment, n: 110, mean: 0.12, sd: 0.325 },
          ],
          comparisons: [
            {
              name: treatment,
              lift: 0.2,
              ci: [-0.1, 0.5],
              pValue: 0.21,
              adjustedPValue: 0.21,
              chanceToWin: 0.89,
              significant: false,
            },
          ],
        },
        discountCost: {
          variants: [
            { name: 'Control', n: 100, mean: 0, sd: 0 },
            { name: treatment, n: 110, mean: 1.5, sd: 4 },
          ],
          comparisons: [
            {
              name: treatment,
              lift: null,
              ci: null,
              pValue: 0.001,
              adjustedPValue: 0.001,
              chanceToWin: null,
              significant: true,
            },
          ],
        },
      },
      { alpha: 0.05, sequential: false },
    );
    expect(csv.split('\r\n')).toEqual([
      '# alpha=0.05; p-values fixed horizon',
      'metric,variant,is_control,customers,mean,sd,relative_lift,ci_low,ci_high,p_value,adjusted_p_value,' +
        'chance_to_beat_control,significant',
      'conversion,Control,true,100,0.1,0.3,,,,,,,',
      'conversion,"10% off, ""new""",false,110,0.12,0.325,0.2,-0.1,0.5,0.21,0.21,0.89,false',
      'discountCost,Control,true,100,0,0,,,,,,,',
      'discountCost,"10% off, ""new""",false,110,1.5,4,,,,0.001,0.001,,true',
      '',
    ]);
  });
});
