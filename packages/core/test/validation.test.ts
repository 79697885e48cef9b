import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  configure,
  getUserSessionContext,
  type InvalidIdReason,
  resetConfiguration,
  runWithUserSession,
  setUserSessionContext,
  withSession,
} from '../src/index';
import { type InvalidIdReport, recordInvalidIds } from './support/invalid-id-reports';

let reports: InvalidIdReport[];

beforeEach(() => {
  reports = recordInvalidIds();
});
afterEach(() => resetConfiguration());

const INVALID_IDS: ReadonlyArray<[name: string, value: unknown, reason: InvalidIdReason]> = [
  ['257 characters', 'x'.repeat(257), 'too-long'],
  ['CR LF', 'a\r\nb', 'control-character'],
  ['TAB', 'a\tb', 'control-character'],
  ['NUL', 'a\u0000b', 'control-character'],
  ['DEL', 'a\u007fb', 'control-character'],
  ['C1 U+0080', 'a\u0080b', 'control-character'],
  ['C1 U+0085 (NEL)', 'a\u0085b', 'control-character'],
  ['C1 U+009F', 'a\u009fb', 'control-character'],
  ['the empty string', '', 'empty'],
  ['an object', {}, 'invalid-type'],
  ['an array', ['u1'], 'invalid-type'],
  ['true', true, 'invalid-type'],
  ['false', false, 'invalid-type'],
  ['NaN', Number.NaN, 'invalid-type'],
  ['Infinity', Number.POSITIVE_INFINITY, 'invalid-type'],
  ['a bigint', 1n, 'invalid-type'],
  ['a symbol', Symbol('u1'), 'invalid-type'],
  ['a function', () => 'u1', 'invalid-type'],
];

describe('invalid ids are dropped and reported, the rest of the input still applies', () => {
  it.each(INVALID_IDS)('userId: %s', (_name, value, reason) => {
    runWithUserSession({ userId: 'before', sessionId: 'before' }, () => {
      setUserSessionContext({ userId: value as string, sessionId: 'after' });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'before', sessionId: 'after' });
    });
    expect(reports).toEqual([['userId', reason]]);
  });

  it.each(INVALID_IDS)('sessionId: %s', (_name, value, reason) => {
    runWithUserSession({ userId: 'before', sessionId: 'before' }, () => {
      setUserSessionContext({ userId: 'after', sessionId: value as string });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'after', sessionId: 'before' });
    });
    expect(reports).toEqual([['sessionId', reason]]);
  });

  it('in runWithUserSession', () => {
    const seen = runWithUserSession({ userId: 'a\r\nb', sessionId: 's1' }, () => getUserSessionContext());
    expect(seen).toStrictEqual({ sessionId: 's1' });
    expect(reports).toEqual([['userId', 'control-character']]);
  });

  it('in withSession', () => {
    const session = withSession({ userId: {} as never, sessionId: 's1' }, (s) => s);
    expect(session).toStrictEqual({ id: 's1', userId: undefined, resumed: true });
    expect(reports).toEqual([['userId', 'invalid-type']]);
  });

  it('reports both fields when both are invalid', () => {
    runWithUserSession({ userId: '', sessionId: 'x'.repeat(257) }, () => {
      expect(getUserSessionContext()).toStrictEqual({});
    });
    expect(reports).toEqual([
      ['userId', 'empty'],
      ['sessionId', 'too-long'],
    ]);
  });
});

describe('valid ids', () => {
  it.each([
    ['256 characters', 'x'.repeat(256)],
    ['one character', 'a'],
    ['spaces and punctuation', 'user 1, team:a/b'],
    ['non-Cc Unicode (NBSP, emoji, CJK)', 'a\u00a0b😀用户'],
  ])('keeps %s', (_name, value) => {
    runWithUserSession({ userId: value, sessionId: value }, () => {
      expect(getUserSessionContext()).toStrictEqual({ userId: value, sessionId: value });
    });
    expect(reports).toEqual([]);
  });
});

describe('onInvalidId', () => {
  it('is called with the field and the reason for each dropped id', () => {
    runWithUserSession({}, () => {
      setUserSessionContext({ userId: '' });
      setUserSessionContext({ userId: '' });
      setUserSessionContext({ sessionId: 'a\tb' });
    });
    expect(reports).toEqual([
      ['userId', 'empty'],
      ['userId', 'empty'],
      ['sessionId', 'control-character'],
    ]);
  });

  it('may throw: the error is swallowed and the rest of the input still applies', () => {
    let calls = 0;
    configure({
      onInvalidId: () => {
        calls++;
        throw new Error('callback failed');
      },
    });
    expect(() =>
      runWithUserSession({}, () => {
        setUserSessionContext({ userId: 'x'.repeat(300), sessionId: 's1' });
        expect(getUserSessionContext()).toStrictEqual({ sessionId: 's1' });
      }),
    ).not.toThrow();
    expect(() => withSession({ userId: '' }, () => undefined)).not.toThrow();
    expect(calls).toBe(2);
  });
});

describe('maxIdLength', () => {
  it('sets the longest accepted id', () => {
    configure({ maxIdLength: 4 });
    runWithUserSession({ userId: '1234', sessionId: '12345' }, () => {
      expect(getUserSessionContext()).toStrictEqual({ userId: '1234' });
    });
    expect(reports).toEqual([['sessionId', 'too-long']]);
  });

  it('applies to the string form of a number', () => {
    configure({ maxIdLength: 3 });
    runWithUserSession({ userId: 1234, sessionId: 123 }, () => {
      expect(getUserSessionContext()).toStrictEqual({ sessionId: '123' });
    });
    expect(reports).toEqual([['userId', 'too-long']]);
  });
});
