import { describe, expect, it } from 'vitest';
import {
  bindUserSession,
  getUserSessionContext,
  runWithUserSession,
  setUserSessionContext,
  type UserSession,
  withSession,
} from '../src/index';

const SCOPES = 500;
/** `TEST_SEED` from the environment replays a run (the seed is in the test's name), else a fresh one. */
const SEED = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function randomGenerator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = randomGenerator(SEED);

/** One of: a timer, an immediate, a chain of resolved promises, or a callback-style timer. */
function randomDelay(check: () => void): Promise<void> {
  const kind = Math.floor(random() * 4);
  if (kind === 0) return new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 5)));
  if (kind === 1) return new Promise((resolve) => setImmediate(resolve));
  if (kind === 2) {
    let chain = Promise.resolve();
    for (let i = Math.floor(random() * 5); i >= 0; i--) chain = chain.then(() => undefined);
    return chain;
  }
  return new Promise((resolve) =>
    setTimeout(
      () => {
        check();
        resolve();
      },
      Math.floor(random() * 3),
    ),
  );
}

describe(`${SCOPES} concurrent scopes (seed ${SEED})`, () => {
  it('each only ever sees its own identity', async () => {
    const reads: number[] = new Array(SCOPES).fill(0);
    const wrong: string[] = [];
    const expectIdentity = (scope: number, step: string, expected: UserSession): void => {
      reads[scope] = (reads[scope] ?? 0) + 1;
      const actual = getUserSessionContext();
      if (actual.userId !== expected.userId || actual.sessionId !== expected.sessionId) {
        wrong.push(
          `scope ${scope} at ${step}: saw ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
        );
      }
    };

    const runScope = (i: number) =>
      runWithUserSession({ userId: `user-${i}`, sessionId: `session-${i}` }, async () => {
        let expected: UserSession = { userId: `user-${i}`, sessionId: `session-${i}` };
        const check = (step: string) => () => expectIdentity(i, step, expected);

        for (let step = 0; step < 3; step++) {
          await randomDelay(check(`delay ${step}`));
          expectIdentity(i, `after delay ${step}`, expected);
        }

        setUserSessionContext({ sessionId: `session-${i}-b` });
        expected = { userId: `user-${i}`, sessionId: `session-${i}-b` };
        await randomDelay(check('after set'));
        expectIdentity(i, 'after set', expected);

        const child = { userId: `child-${i}`, sessionId: `session-${i}-b` };
        await runWithUserSession({ userId: `child-${i}` }, async () => {
          await randomDelay(() => expectIdentity(i, 'in child', child));
          expectIdentity(i, 'in child', child);
        });
        expectIdentity(i, 'after child', expected);

        await withSession({ sessionId: `resumed-${i}` }, async () => {
          await randomDelay(() =>
            expectIdentity(i, 'in session', { ...expected, sessionId: `resumed-${i}` }),
          );
          expectIdentity(i, 'in session', { userId: `user-${i}`, sessionId: `resumed-${i}` });
        });

        const boundExpected = expected;
        const later = bindUserSession(() => expectIdentity(i, 'bound callback', boundExpected));
        setUserSessionContext({ userId: `user-${i}-after-bind` });
        expected = { userId: `user-${i}-after-bind`, sessionId: `session-${i}-b` };
        await new Promise<void>((resolve) =>
          setTimeout(
            () => {
              later();
              resolve();
            },
            Math.floor(random() * 5),
          ),
        );
        expectIdentity(i, 'end', expected);
      });

    await Promise.all(Array.from({ length: SCOPES }, (_, i) => runScope(i)));

    expect(wrong.slice(0, 10)).toEqual([]);
    // Every scope read at least 9 times: 3 delays, after set, in child, after child, in session, bound, end
    // (callback-style delays add reads from inside timers).
    const scopesWithTooFewReads = reads.filter((count) => count < 9).length;
    expect(scopesWithTooFewReads).toBe(0);
    expect(reads.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(SCOPES * 9);
    expect(getUserSessionContext()).toEqual({});
  });
});
