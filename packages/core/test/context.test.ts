import { afterEach, describe, expect, it } from 'vitest';
import {
  clearUserSessionContext,
  getUserSessionContext,
  resetConfiguration,
  runWithUserSession,
  setUserSessionContext,
} from '../src/index';

afterEach(() => resetConfiguration());

describe('getUserSessionContext', () => {
  it('returns a frozen {} outside any scope', () => {
    const identity = getUserSessionContext();
    expect(identity).toEqual({});
    expect(Object.isFrozen(identity)).toBe(true);
  });

  it('returns a frozen object with exactly the known keys', () => {
    runWithUserSession({ userId: 'u1' }, () => {
      const identity = getUserSessionContext();
      expect(identity).toStrictEqual({ userId: 'u1' });
      expect(Object.keys(identity)).toEqual(['userId']);
      expect(Object.isFrozen(identity)).toBe(true);
      expect(() => {
        (identity as { userId?: string }).userId = 'mallory';
      }).toThrow(TypeError);
      expect(getUserSessionContext().userId).toBe('u1');
    });
  });

  it('hands out a new object after a change, leaving the earlier one as it was', () => {
    runWithUserSession({ userId: 'u1' }, () => {
      const before = getUserSessionContext();
      setUserSessionContext({ sessionId: 's1' });
      expect(before).toStrictEqual({ userId: 'u1' });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's1' });
    });
  });
});

describe('setUserSessionContext', () => {
  it('merges into the scope: an omitted key keeps its value', () => {
    runWithUserSession({}, () => {
      setUserSessionContext({ userId: 'u1', sessionId: 's1' });
      setUserSessionContext({ sessionId: 's2' });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's2' });
      setUserSessionContext({});
      expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's2' });
    });
  });

  it('treats a key given as undefined as omitted', () => {
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => {
      setUserSessionContext({ userId: undefined, sessionId: undefined });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's1' });
    });
  });

  it('clears a key given as null and keeps the other', () => {
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => {
      setUserSessionContext({ userId: null });
      expect(getUserSessionContext()).toStrictEqual({ sessionId: 's1' });
      setUserSessionContext({ sessionId: null });
      expect(getUserSessionContext()).toStrictEqual({});
    });
  });

  it('turns finite numbers into their string form', () => {
    runWithUserSession({}, () => {
      setUserSessionContext({ userId: 42, sessionId: 1.5 });
      expect(getUserSessionContext()).toStrictEqual({ userId: '42', sessionId: '1.5' });
      setUserSessionContext({ userId: -7, sessionId: 0 });
      expect(getUserSessionContext()).toStrictEqual({ userId: '-7', sessionId: '0' });
    });
  });

  it('outside any scope does nothing: no later scope and no later read sees the value', async () => {
    setUserSessionContext({ userId: 'leaked', sessionId: 'leaked' });
    expect(getUserSessionContext()).toEqual({});
    expect(runWithUserSession({}, () => getUserSessionContext())).toEqual({});
    await new Promise((resolve) => setImmediate(resolve));
    expect(getUserSessionContext()).toEqual({});
  });

  it('ignores an input that is not an object', () => {
    runWithUserSession({ userId: 'u1' }, () => {
      setUserSessionContext(null as never);
      setUserSessionContext('u2' as never);
      expect(getUserSessionContext()).toStrictEqual({ userId: 'u1' });
    });
  });
});

describe('clearUserSessionContext', () => {
  it('empties the current scope', () => {
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => {
      clearUserSessionContext();
      expect(getUserSessionContext()).toStrictEqual({});
      setUserSessionContext({ sessionId: 's2' });
      expect(getUserSessionContext()).toStrictEqual({ sessionId: 's2' });
    });
  });

  it('does not touch the parent scope', () => {
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => {
      runWithUserSession({}, () => {
        clearUserSessionContext();
        expect(getUserSessionContext()).toStrictEqual({});
      });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's1' });
    });
  });

  it('does nothing outside any scope', () => {
    expect(() => clearUserSessionContext()).not.toThrow();
    expect(getUserSessionContext()).toEqual({});
  });
});
