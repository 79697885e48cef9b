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
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => {
      runWithUserSession({ sessionId: 's2' }, () => {
        expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's2' });
      });
      runWithUserSession({ userId: null }, () => {
        expect(getUserSessionContext()).toStrictEqual({ sessionId: 's1' });
      });
      runWithUserSession({ userId: undefined }, () => {
        expect(getUserSessionContext()).toStrictEqual({ userId: 'u1', sessionId: 's1' });
      });
    });
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
    runWithUserSession(parentIdentity, () => {
      runWithUserSession(childInput, () => {
        setUserSessionContext({ sessionId: 'changed-in-child' });
        expect(getUserSessionContext()).toStrictEqual({ userId: 'child', sessionId: 'changed-in-child' });
      });
      expect(getUserSessionContext()).toStrictEqual(parentIdentity);
    });
  });

  it('after a sync child throws', () => {
    runWithUserSession(parentIdentity, () => {
      expect(() =>
        runWithUserSession(childInput, () => {
          setUserSessionContext({ userId: 'changed-in-child' });
          throw new Error('child failed');
        }),
      ).toThrow('child failed');
      expect(getUserSessionContext()).toStrictEqual(parentIdentity);
    });
  });

  it('while an async child is pending, after it resolves and after it rejects', async () => {
    await runWithUserSession(parentIdentity, async () => {
      const resolving = runWithUserSession(childInput, async () => {
        await sleep(1);
        setUserSessionContext({ sessionId: 'changed-in-child' });
        await sleep(1);
        return getUserSessionContext();
      });
      expect(getUserSessionContext()).toStrictEqual(parentIdentity);
      expect(await resolving).toStrictEqual({ userId: 'child', sessionId: 'changed-in-child' });
      expect(getUserSessionContext()).toStrictEqual(parentIdentity);

      const rejecting = runWithUserSession(childInput, async () => {
        await sleep(1);
        setUserSessionContext({ userId: null });
        throw new Error('child failed');
      });
      await expect(rejecting).rejects.toThrow('child failed');
      expect(getUserSessionContext()).toStrictEqual(parentIdentity);
    });
  });

  it('after the whole tree, outside any scope', async () => {
    await runWithUserSession(parentIdentity, () => runWithUserSession(childInput, () => sleep(1)));
    expect(getUserSessionContext()).toEqual({});
  });
});

describe('a parent change after the child opened', () => {
  it('is not seen by the child', async () => {
    await runWithUserSession({ userId: 'parent' }, async () => {
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
      expect(await child).toStrictEqual({ userId: 'parent' });
      expect(getUserSessionContext()).toStrictEqual({ userId: 'parent-later' });
    });
  });
});
