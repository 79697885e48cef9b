import assert from 'node:assert/strict';
import {
  bindUserSession,
  clearUserSessionContext,
  configure,
  getUserSessionContext,
  type IdField,
  type InvalidIdReason,
  resetConfiguration,
  runWithUserSession,
  setUserSessionContext,
  trace,
  withSession,
} from '@sessionscope/core';
import type { Check } from '../harness/checks.ts';
import { readAcrossHops } from './async-hops.ts';

/** Scopes run at once in the concurrency check. */
const CONCURRENT_SCOPES = 200;
const HOPS_PER_SCOPE = 8;

async function concurrentScopesKeepTheirIdentity(): Promise<void> {
  const runs = Array.from({ length: CONCURRENT_SCOPES }, (_, i) => {
    const expected = { userId: `user-${i}`, sessionId: `session-${i}` };
    return runWithUserSession(expected, async () => {
      const seen = await readAcrossHops(HOPS_PER_SCOPE, i, getUserSessionContext);
      for (const identity of seen) assert.deepEqual(identity, expected);
    });
  });
  await Promise.all(runs);
  assert.deepEqual(getUserSessionContext(), {}, 'no identity leaks out of the scopes');
}

async function backgroundWorkAfterTheClear(): Promise<void> {
  const { bound, unbound } = await runWithUserSession({ userId: 'background-user' }, async () => {
    const bound = new Promise((resolve) =>
      setTimeout(
        bindUserSession(() => resolve(getUserSessionContext())),
        5,
      ),
    );
    const unbound = new Promise((resolve) => setTimeout(() => resolve(getUserSessionContext()), 5));
    clearUserSessionContext(); // what a middleware does at the end of the request
    return { bound, unbound };
  });
  assert.deepEqual(await bound, { userId: 'background-user' }, 'bindUserSession keeps the identity');
  assert.deepEqual(await unbound, {}, 'a timer still holding the cleared scope sees no identity');
}

async function invalidIdsAreDroppedAndReported(): Promise<void> {
  const reports: string[] = [];
  configure({ onInvalidId: (field: IdField, reason: InvalidIdReason) => reports.push(`${field}:${reason}`) });
  try {
    runWithUserSession({ userId: 'valid-user', sessionId: 'valid-session' }, () => {
      setUserSessionContext({ sessionId: 'tab\tinside' });
      setUserSessionContext({ userId: 'x'.repeat(10_240) });
      setUserSessionContext({ userId: { id: 1 } as never });
      setUserSessionContext({ sessionId: '' });
      assert.deepEqual(getUserSessionContext(), { userId: 'valid-user', sessionId: 'valid-session' });
    });
  } finally {
    resetConfiguration();
  }
  assert.deepEqual(reports, [
    'sessionId:control-character',
    'userId:too-long',
    'userId:invalid-type',
    'sessionId:empty',
  ]);
}

async function updatesMergeAndNumbersBecomeStrings(): Promise<void> {
  await runWithUserSession({ userId: 42, sessionId: 'chat-1' }, async () => {
    assert.deepEqual(getUserSessionContext(), { userId: '42', sessionId: 'chat-1' });
    await runWithUserSession({ sessionId: 'chat-2' }, async () => {
      await Promise.resolve();
      assert.deepEqual(getUserSessionContext(), { userId: '42', sessionId: 'chat-2' });
    });
    setUserSessionContext({ sessionId: null });
    assert.deepEqual(
      getUserSessionContext(),
      { userId: '42' },
      'null clears a key, the caller keeps its own',
    );
  });
}

async function nothingOutsideAnyScope(): Promise<void> {
  assert.deepEqual(getUserSessionContext(), {});
  setUserSessionContext({ userId: 'nobody' }); // warns once, never throws
  assert.deepEqual(getUserSessionContext(), {});
}

async function sessionsAreCreatedOrResumed(): Promise<void> {
  const created = await withSession({ userId: 'writer' }, async (session) => {
    await Promise.resolve();
    assert.equal(session.resumed, false);
    assert.deepEqual(getUserSessionContext(), { userId: 'writer', sessionId: session.id });
    return session.id;
  });
  assert.match(created, /^[0-9a-f-]{36}$/);
  withSession({ userId: 'writer', sessionId: created }, (session) => {
    assert.equal(session.resumed, true);
    assert.equal(getUserSessionContext().sessionId, created);
  });
}

async function traceFollowsGeneratorsOnly(): Promise<void> {
  const tokens = trace(async function* tokens() {
    yield getUserSessionContext();
    await Promise.resolve();
    yield getUserSessionContext();
  });
  const cursor = {
    next: () => ({ done: true, value: undefined }),
    toArray: () => [],
    [Symbol.iterator]() {
      return this;
    },
  };
  const stream = runWithUserSession({ userId: 'tracing-user' }, () => {
    assert.equal(trace(() => cursor)(), cursor, 'an iterator that is no generator is returned as it is');
    return tokens();
  });
  const steps: unknown[] = [];
  for await (const step of stream) steps.push(step); // consumed outside the scope
  assert.deepEqual(
    steps,
    [{ userId: 'tracing-user' }, { userId: 'tracing-user' }],
    'each step of a traced generator runs with the identity of its call',
  );
}

/** The core API checks every runtime runs in-process (the Worker runs them inside a request). */
export const coreChecks: readonly Check[] = [
  {
    name: `${CONCURRENT_SCOPES} concurrent scopes keep their own identity across awaits`,
    run: concurrentScopesKeepTheirIdentity,
  },
  {
    name: 'a timer after the clear sees no identity; bindUserSession keeps it',
    run: backgroundWorkAfterTheClear,
  },
  { name: 'invalid ids are dropped and reported, never attributed', run: invalidIdsAreDroppedAndReported },
  { name: 'updates merge, null clears, numbers become strings', run: updatesMergeAndNumbersBecomeStrings },
  { name: 'outside any scope nothing is attributed and nothing throws', run: nothingOutsideAnyScope },
  { name: 'withSession creates a session and resumes it', run: sessionsAreCreatedOrResumed },
  {
    name: 'trace() follows a generator; any other iterator comes back as it is',
    run: traceFollowsGeneratorsOnly,
  },
];
