import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors';
import { chooseControlArm } from './control-arm';

describe('chooseControlArm', () => {
  it('finds the one arm named like no treatment', () => {
    expect(chooseControlArm(['Mens E-Mail', 'No E-Mail', 'Womens E-Mail'])).toBe('No E-Mail');
    expect(chooseControlArm(['treatment', 'control'])).toBe('control');
    expect(chooseControlArm(['a', 'none'])).toBe('none');
  });
  it('uses the requested arm, refuses an unknown one with 400 and an ambiguous guess with 422', () => {
    expect(chooseControlArm(['a', 'b'], 'b')).toBe('b');
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof AppError ? [e.code, e.status] : e;
      }
    };
    expect(err(() => chooseControlArm(['a', 'b'], 'c'))).toEqual(['validation_failed', 400]);
    expect(err(() => chooseControlArm(['a', 'b']))).toEqual(['unprocessable', 422]);
    expect(err(() => chooseControlArm(['control', 'no offer']))).toEqual(['unprocessable', 422]);
    expect(err(() => chooseControlArm(['control']))).toEqual(['unprocessable', 422]);
  });
});
