import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  bindUserSession,
  clearUserSessionContext,
  getUserSessionContext,
  runWithUserSession,
  setUserSessionContext,
  type UserSession,
} from '../src/index';

function nextTimer(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}

describe('bindUserSession', () => {
  it('keeps this, the arguments and the return value', () => {
    const target = {
      prefix: 'hello',
      greet(this: { prefix: string }, name: string, punctuation: string) {
        return `${this.prefix} ${name}${punctuation} ${getUserSessionContext().userId}`;
      },
    };
    const bound = runWithUserSession({ userId: 'u1' }, () => bindUserSession(target.greet));
    expect(bound.call(target, 'ada', '!')).toBe('hello ada! u1');
  });

  it('rethrows what fn throws', () => {
    const error = new Error('boom');
    const bound = bindUserSession(() => {
      throw error;
    });
    expect(() => bound()).toThrow(error);
  });

  it('sees the captured identity after the original scope was cleared; an unbound callback sees none', async () => {
    const seen: Record<string, UserSession> = {};
    await runWithUserSession({ userId: 'u1', sessionId: 's1' }, async () => {
      const done = Promise.all([
        new Promise<void>((resolve) =>
          setTimeout(
            bindUserSession(() => {
              seen.bound = getUserSessionContext();
              resolve();
            }),
            5,
          ),
        ),
        new Promise<void>((resolve) =>
          setTimeout(() => {
            seen.unbound = getUserSessionContext();
            resolve();
          }, 5),
        ),
      ]);
      clearUserSessionContext();
      await done;
    });
    expect(seen.bound).toStrictEqual({ userId: 'u1', sessionId: 's1' });
    expect(seen.unbound).toStrictEqual({});
  });

  it('carries the identity into an event emitted from another request', () => {
    const emitter = new EventEmitter();
    const seen: UserSession[] = [];
    runWithUserSession({ userId: 'subscriber' }, () => {
      emitter.on(
        'job',
        bindUserSession(() => seen.push(getUserSessionContext())),
      );
    });
    runWithUserSession({ userId: 'emitter' }, () => emitter.emit('job'));
    expect(seen).toStrictEqual([{ userId: 'subscriber' }]);
  });

  it('captures the identity at bind time, not at call time', async () => {
    const bound = runWithUserSession({ userId: 'u1' }, () => {
      const fn = bindUserSession(() => getUserSessionContext());
      setUserSessionContext({ userId: 'u1-later' });
      return fn;
    });
    await nextTimer();
    expect(bound()).toStrictEqual({ userId: 'u1' });
  });

  it('gives each call its own scope, so a set inside one call is not seen by the next or the caller', () => {
    const bound = runWithUserSession({ userId: 'u1' }, () =>
      bindUserSession((sessionId: string) => {
        const before = getUserSessionContext();
        setUserSessionContext({ sessionId });
        return before;
      }),
    );
    const seen = runWithUserSession({ userId: 'caller' }, () => [
      bound('s1'),
      bound('s2'),
      getUserSessionContext(),
    ]);
    expect(seen).toStrictEqual([{ userId: 'u1' }, { userId: 'u1' }, { userId: 'caller' }]);
  });

  it('bound outside any scope runs fn with no identity', () => {
    const bound = bindUserSession(() => getUserSessionContext());
    expect(runWithUserSession({ userId: 'caller' }, () => bound())).toStrictEqual({});
  });
});
