import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { getUserSessionContext, runWithUserSession, setUserSessionContext } from '../src/index';

describe('runWithUserSession', () => {
  it('returns the very object fn returns', () => {
    const result = { answer: 42 };
    expect(runWithUserSession({ userId: 'u1' }, () => result)).toBe(result);
  });

  it('returns the very promise fn returns', async () => {
    const promise = Promise.resolve('done');
    const returned = runWithUserSession({ userId: 'u1' }, () => promise);
    expect(returned).toBe(promise);
    await expect(returned).resolves.toBe('done');
  });

  it('rethrows the very error fn throws', () => {
    const error = new Error('boom');
    let caught: unknown;
    try {
      runWithUserSession({ userId: 'u1' }, () => {
        throw error;
      });
    } catch (thrown) {
      caught = thrown;
    }
    expect(caught).toBe(error);
  });

  it('passes the rejection of fn through unchanged', async () => {
    const error = new Error('async boom');
    await expect(
      runWithUserSession({ userId: 'u1' }, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });

  it('starts from the current identity with the input merged in', () => {
    const seen = runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => [
      runWithUserSession({ sessionId: 's2' }, getUserSessionContext),
      runWithUserSession({ userId: null }, getUserSessionContext),
      runWithUserSession({ userId: undefined }, getUserSessionContext),
    ]);
    expect(seen).toStrictEqual([
      { userId: 'u1', sessionId: 's2' },
      { sessionId: 's1' },
      { userId: 'u1', sessionId: 's1' },
    ]);
  });

  it('opens a scope outside any other one', () => {
    expect(runWithUserSession({ userId: 7 }, () => getUserSessionContext())).toStrictEqual({ userId: '7' });
    expect(getUserSessionContext()).toEqual({});
  });
});

describe('a child scope does not leak into its parent', () => {
  const parentIdentity = { userId: 'parent', sessionId: 'parent-session' };
  const childInput = { userId: 'child', sessionId: 'child-session' };

  it('after a sync child returns', () => {
    const seen = runWithUserSession(parentIdentity, () => [
      runWithUserSession(childInput, () => {
        setUserSessionContext({ sessionId: 'changed-in-child' });
        return getUserSessionContext();
      }),
      getUserSessionContext(),
    ]);
    expect(seen).toStrictEqual([{ userId: 'child', sessionId: 'changed-in-child' }, parentIdentity]);
  });

  it('after a sync child throws', () => {
    const error = new Error('child failed');
    const [caught, after] = runWithUserSession(parentIdentity, () => {
      let caught: unknown;
      try {
        runWithUserSession(childInput, () => {
          setUserSessionContext({ userId: 'changed-in-child' });
          throw error;
        });
      } catch (thrown) {
        caught = thrown;
      }
      return [caught, getUserSessionContext()] as const;
    });
    expect(caught).toBe(error);
    expect(after).toStrictEqual(parentIdentity);
  });

  it('while an async child is pending, after it resolves and after it rejects', async () => {
    const error = new Error('child failed');
    const seen = await runWithUserSession(parentIdentity, async () => {
      const resolving = runWithUserSession(childInput, async () => {
        await sleep(1);
        setUserSessionContext({ sessionId: 'changed-in-child' });
        await sleep(1);
        return getUserSessionContext();
      });
      const whilePending = getUserSessionContext();
      const resolved = await resolving;
      const afterResolved = getUserSessionContext();
      const rejected = await runWithUserSession(childInput, async () => {
        await sleep(1);
        setUserSessionContext({ userId: null });
        throw error;
      }).catch((thrown: unknown) => thrown);
      return { whilePending, resolved, afterResolved, rejected, afterRejected: getUserSessionContext() };
    });
    expect(seen).toStrictEqual({
      whilePending: parentIdentity,
      resolved: { userId: 'child', sessionId: 'changed-in-child' },
      afterResolved: parentIdentity,
      rejected: error,
      afterRejected: parentIdentity,
    });
  });

  it('after the whole tree, outside any scope', async () => {
    await runWithUserSession(parentIdentity, () => runWithUserSession(childInput, () => sleep(1)));
    expect(getUserSessionContext()).toEqual({});
  });
});

describe('a parent change after the child opened', () => {
  it('is not seen by the child', async () => {
    const seen = await runWithUserSession({ userId: 'parent' }, async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const child = runWithUserSession({}, async () => {
        await gate;
        return getUserSessionContext();
      });
      setUserSessionContext({ userId: 'parent-later' });
      release();
      return [await child, getUserSessionContext()];
    });
    expect(seen).toStrictEqual([{ userId: 'parent' }, { userId: 'parent-later' }]);
  });
});
