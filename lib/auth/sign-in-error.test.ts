import { describe, expect, it } from 'vitest';
import { signInErrorMessage, throttledError } from './sign-in-error';

describe('signInErrorMessage', () => {
  it('says when to retry a throttled sign-in, in seconds then whole minutes', () => {
    expect(signInErrorMessage(throttledError(40))).toBe('Too many attempts — try again in 40 s.');
    expect(signInErrorMessage(throttledError(59))).toBe('Too many attempts — try again in 59 s.');
    expect(signInErrorMessage(throttledError(61))).toBe('Too many attempts — try again in 2 min.');
    expect(signInErrorMessage(throttledError(900))).toBe('Too many attempts — try again in 15 min.');
  });

  it('treats anything else as a refusal, never echoing it', () => {
    expect(signInErrorMessage('CredentialsSignin')).toBe('Email or password is not right.');
    expect(signInErrorMessage('TooManyAttempts:<b>')).toBe('Email or password is not right.');
  });
});
