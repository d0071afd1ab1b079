import { AppError } from '../http/errors';

/** Arm names that mean "no treatment": control, holdout, none, no …, no_…, untreated, baseline. */
const CONTROL_NAME = /^(control|holdout|hold-out|none|untreated|baseline|no[\s_-].*|no)$/i;

/**
 * The control arm among `arms`: the one the caller names (must exist), else the single arm whose name says
 * "no treatment" (e.g. "No E-Mail", "control"). Anything else is a 422 asking the user to choose.
 */
export function chooseControlArm(arms: readonly string[], requested?: string): string {
  if (arms.length < 2)
    throw new AppError('unprocessable', `Arm-wise uplift needs at least two arms (found ${arms.join(', ') || 'none'})`);
  if (requested !== undefined) {
    if (!arms.includes(requested))
      throw new AppError('validation_failed', `No arm named "${requested}"; the arms are ${arms.join(', ')}`, [
        { path: ['controlArm'], message: 'not one of the arms' },
      ]);
    return requested;
  }
  const hits = arms.filter((a) => CONTROL_NAME.test(a.trim()));
  if (hits.length !== 1)
    throw new AppError(
      'unprocessable',
      `Choose the control arm (controlArm): none or several of ${arms.join(', ')} look like a control`,
      [{ path: ['controlArm'], message: 'required: which arm received no treatment' }],
    );
  return hits[0];
}
