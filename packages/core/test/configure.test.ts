import { afterEach, describe, expect, it } from 'vitest';
import {
  type AttributeProfile,
  configure,
  DEFAULT_OPTIONS,
  getUserSessionContext,
  resetConfiguration,
  runWithUserSession,
} from '../src/index';
import { currentOptions } from '../src/options';
import { recordInvalidIds } from './support/invalid-id-reports';

afterEach(() => resetConfiguration());

function userIdAccepted(userId: string): boolean {
  return runWithUserSession({ userId }, () => getUserSessionContext().userId === userId);
}

describe('configure', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_OPTIONS).toMatchObject({ maxIdLength: 256, hashUserId: false, attributes: ['otel'] });
    expect(userIdAccepted('x'.repeat(256))).toBe(true);
    expect(userIdAccepted('x'.repeat(257))).toBe(false);
    expect(userIdAccepted('u1')).toBe(true);
  });

  it('merges: a later configure({ maxIdLength }) keeps an earlier onInvalidId', () => {
    const reports = recordInvalidIds();
    configure({ maxIdLength: 3 });
    expect(userIdAccepted('abcd')).toBe(false);
    expect(reports).toEqual([['userId', 'too-long']]);
  });

  it('merges: a later configure({ onInvalidId }) keeps an earlier maxIdLength and hashUserId', () => {
    configure({ maxIdLength: 3, hashUserId: () => 'hashed' });
    configure({ onInvalidId: () => {} });
    expect(runWithUserSession({ userId: 'abc' }, () => getUserSessionContext().userId)).toBe('hashed');
    expect(runWithUserSession({ userId: 'abcd' }, () => getUserSessionContext().userId)).toBeUndefined();
  });

  it('returns a key given as undefined to its default', () => {
    configure({ maxIdLength: 3 });
    configure({ maxIdLength: undefined });
    expect(userIdAccepted('x'.repeat(256))).toBe(true);
  });

  it('rejects a maxIdLength that is not a positive integer and keeps the current options', () => {
    configure({ maxIdLength: 5 });
    for (const maxIdLength of [0, -1, 1.5, Number.NaN]) {
      expect(() => configure({ maxIdLength })).toThrow(RangeError);
    }
    expect(userIdAccepted('12345')).toBe(true);
    expect(userIdAccepted('123456')).toBe(false);
  });

  it('rejects a hashUserId secret that is missing or empty', () => {
    expect(() => configure({ hashUserId: { secret: '' } })).toThrow(TypeError);
    expect(() => configure({ hashUserId: {} as { secret: string } })).toThrow(TypeError);
    expect(runWithUserSession({ userId: 'u1' }, () => getUserSessionContext().userId)).toBe('u1');
  });

  it('rejects an unknown attribute profile, also one named like an Object.prototype key, and keeps the current options', () => {
    configure({ maxIdLength: 5, attributes: ['langfuse'] });
    for (const name of ['nope', 'toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      expect(() => configure({ attributes: [name as AttributeProfile] }), name).toThrow(
        new TypeError(`sessionscope: unknown attribute profile ${name}`),
      );
    }
    expect(currentOptions().userIdKeys).toEqual(['user.id', 'langfuse.user.id']);
    expect(userIdAccepted('12345')).toBe(true);
    expect(userIdAccepted('123456')).toBe(false);
  });

  it('resetConfiguration restores every default', () => {
    configure({ maxIdLength: 3, hashUserId: true });
    resetConfiguration();
    expect(userIdAccepted('x'.repeat(256))).toBe(true);
  });
});
