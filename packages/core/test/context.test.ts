import { afterEach, describe, expect, it } from 'vitest';
import {
  clearUserSessionContext,
  getUserSessionContext,
  resetConfiguration,
  runWithUserSession,
  setUserSessionContext,
  type UserSession,
  type UserSessionInput,
} from '../src/index';

afterEach(() => resetConfiguration());

/** Applies `input` to the current scope and returns the identity read right after. */
function afterSet(input: UserSessionInput): UserSession {
  setUserSessionContext(input);
  return getUserSessionContext();
}

describe('getUserSessionContext', () => {
  it('returns a frozen {} outside any scope', () => {
    const identity = getUserSessionContext();
    expect(identity).toEqual({});
    expect(Object.isFrozen(identity)).toBe(true);
  });

  it('returns a frozen object with exactly the known keys', () => {
    const [identity, afterWrite] = runWithUserSession({ userId: 'u1' }, () => {
      const identity = getUserSessionContext();
      try {
        (identity as { userId?: string }).userId = 'mallory';
      } catch {}
      return [identity, getUserSessionContext()] as const;
    });
    expect(identity).toStrictEqual({ userId: 'u1' });
    expect(Object.keys(identity)).toEqual(['userId']);
    expect(Object.isFrozen(identity)).toBe(true);
    expect(() => {
      (identity as { userId?: string }).userId = 'mallory';
    }).toThrow(TypeError);
    expect(afterWrite).toStrictEqual({ userId: 'u1' });
  });

  it('hands out a new object after a change, leaving the earlier one as it was', () => {
    const [before, after] = runWithUserSession({ userId: 'u1' }, () => {
      const before = getUserSessionContext();
      setUserSessionContext({ sessionId: 's1' });
      return [before, getUserSessionContext()];
    });
    expect(before).toStrictEqual({ userId: 'u1' });
    expect(after).toStrictEqual({ userId: 'u1', sessionId: 's1' });
  });
});

describe('setUserSessionContext', () => {
  it('merges into the scope: an omitted key keeps its value', () => {
    const seen = runWithUserSession({}, () => [
      afterSet({ userId: 'u1', sessionId: 's1' }),
      afterSet({ sessionId: 's2' }),
      afterSet({}),
    ]);
    expect(seen).toStrictEqual([
      { userId: 'u1', sessionId: 's1' },
      { userId: 'u1', sessionId: 's2' },
      { userId: 'u1', sessionId: 's2' },
    ]);
  });

  it('treats a key given as undefined as omitted', () => {
    const seen = runWithUserSession({ userId: 'u1', sessionId: 's1' }, () =>
      afterSet({ userId: undefined, sessionId: undefined }),
    );
    expect(seen).toStrictEqual({ userId: 'u1', sessionId: 's1' });
  });

  it('clears a key given as null and keeps the other', () => {
    const seen = runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => [
      afterSet({ userId: null }),
      afterSet({ sessionId: null }),
    ]);
    expect(seen).toStrictEqual([{ sessionId: 's1' }, {}]);
  });

  it('turns finite numbers into their string form', () => {
    const seen = runWithUserSession({}, () => [
      afterSet({ userId: 42, sessionId: 1.5 }),
      afterSet({ userId: -7, sessionId: 0 }),
    ]);
    expect(seen).toStrictEqual([
      { userId: '42', sessionId: '1.5' },
      { userId: '-7', sessionId: '0' },
    ]);
  });

  it('outside any scope does nothing: no later scope and no later read sees the value', async () => {
    setUserSessionContext({ userId: 'leaked', sessionId: 'leaked' });
    expect(getUserSessionContext()).toEqual({});
    expect(runWithUserSession({}, () => getUserSessionContext())).toEqual({});
    await new Promise((resolve) => setImmediate(resolve));
    expect(getUserSessionContext()).toEqual({});
  });

  it('ignores an input that is not an object', () => {
    const seen = runWithUserSession({ userId: 'u1' }, () => [
      afterSet(null as never),
      afterSet('u2' as never),
    ]);
    expect(seen).toStrictEqual([{ userId: 'u1' }, { userId: 'u1' }]);
  });
});

describe('clearUserSessionContext', () => {
  it('empties the current scope', () => {
    const seen = runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => {
      clearUserSessionContext();
      return [getUserSessionContext(), afterSet({ sessionId: 's2' })];
    });
    expect(seen).toStrictEqual([{}, { sessionId: 's2' }]);
  });

  it('does not touch the parent scope', () => {
    const seen = runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => [
      runWithUserSession({}, () => {
        clearUserSessionContext();
        return getUserSessionContext();
      }),
      getUserSessionContext(),
    ]);
    expect(seen).toStrictEqual([{}, { userId: 'u1', sessionId: 's1' }]);
  });

  it('does nothing outside any scope', () => {
    expect(() => clearUserSessionContext()).not.toThrow();
    expect(getUserSessionContext()).toEqual({});
  });
});
