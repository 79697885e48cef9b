/**
 * The conformance scenarios every framework adapter must pass, as one table. Each scenario drives a
 * harness app (see `harness/types.ts`) over real HTTP on loopback and asserts on the spans recorded
 * by the real OpenTelemetry SDK and on the request ends published by sessionscope.
 */

import { Agent, get } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  configure,
  getUserSessionContext,
  type IdField,
  type InvalidIdReason,
  resetConfiguration,
  runWithUserSession,
  type SessionMiddlewareOptions,
  type UserSession,
} from '@sessionscope/core';
import request from 'supertest';
import { expect, vi } from 'vitest';
import type { Harness, RunningApp } from './harness/types';
import { abortAfterFirstChunk, pipelinedGet, rawGet, singleSocketAgent } from './support/client';
import { serverSawClose } from './support/connections';
import { REQUEST_HEADER } from './support/probe';
import { SEED, seededRandom } from './support/random';
import { expectEndedOnce, type RequestEnds } from './support/request-ends';
import { spansOf } from './support/tracing';

export interface ScenarioContext {
  readonly harness: Harness;
  readonly ends: RequestEnds;
  /** A test request id no other request uses. */
  nextId(): string;
}

export interface Scenario {
  readonly name: string;
  run(context: ScenarioContext): Promise<void>;
}

/** Who a test request claims to be, and how the app learns it. */
interface Caller {
  readonly userId?: string;
  readonly sessionId?: string;
  /** `late`: passport-style auth after the middleware; `jwt`: token claims after it; `early`: auth before it. */
  readonly auth?: 'late' | 'jwt' | 'early';
}

function headersFor(requestId: string, caller: Caller = {}): Record<string, string> {
  const headers: Record<string, string> = { [REQUEST_HEADER]: requestId };
  if (caller.sessionId !== undefined) headers['x-session-id'] = caller.sessionId;
  if (caller.userId !== undefined) {
    if (caller.auth === 'early') headers['x-test-early-user'] = caller.userId;
    else if (caller.auth === 'jwt') headers['x-test-jwt'] = JSON.stringify({ sub: caller.userId });
    else headers['x-test-user'] = JSON.stringify({ id: caller.userId });
  }
  return headers;
}

function identityOf(caller: Caller): UserSession {
  const identity: { userId?: string; sessionId?: string } = {};
  if (caller.userId !== undefined) identity.userId = caller.userId;
  if (caller.sessionId !== undefined) identity.sessionId = caller.sessionId;
  return identity;
}

/** The identity attributes a span carries. */
function spanIdentity(span: ReadableSpan): UserSession {
  const identity: { userId?: string; sessionId?: string } = {};
  const userId = span.attributes['user.id'];
  const sessionId = span.attributes['session.id'];
  if (userId !== undefined) identity.userId = String(userId);
  if (sessionId !== undefined) identity.sessionId = String(sessionId);
  return identity;
}

/** Starts the harness app with `options`, runs `body` against it, always stops it. */
async function withApp(
  harness: Harness,
  options: SessionMiddlewareOptions<any> | undefined,
  body: (app: RunningApp) => Promise<void>,
): Promise<void> {
  const app = await harness.start(options);
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

/** Resolves with `read()`'s value once it has one (polling a few hundred times at most). */
async function eventually<T>(read: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition not reached');
}

/** Asserts the request recorded spans and that every one of them carries exactly `identity`. */
function expectSpansCarry(requestId: string, identity: UserSession): readonly ReadableSpan[] {
  const spans = spansOf(requestId);
  expect(spans.length).toBeGreaterThan(0);
  expect(spans.map(spanIdentity)).toEqual(spans.map(() => identity));
  return spans;
}

/** GET `path` with the headers of `caller`; answers the identity snapshot of the app. */
async function getAs(app: RunningApp, path: string, requestId: string, caller?: Caller) {
  return request(app.url).get(path).set(headersFor(requestId, caller));
}

const PLAN_STEPS = 'tipg';
const randomPlan = (random: () => number) =>
  Array.from({ length: 2 + Math.floor(random() * 4) }, () => PLAN_STEPS[Math.floor(random() * 4)]).join('');
const AUTH_STYLES = ['late', 'jwt', 'early', undefined] as const;

function randomCaller(index: number, random: () => number): Caller {
  const auth = AUTH_STYLES[index % AUTH_STYLES.length];
  const sessionId = random() < 0.8 ? `s-${index}-${random().toString(36).slice(2)}` : undefined;
  return auth === undefined ? { sessionId } : { userId: `u-${index}-${random()}`, sessionId, auth };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const scenarios: readonly Scenario[] = [
  {
    // The seed replays the plans and identities (TEST_SEED=<seed>); the interleaving is the OS's.
    name: `1. seed ${SEED}: 1,000 concurrent requests with random identities and awaits, each span its own`,
    async run({ harness, ends, nextId }) {
      const random = seededRandom(SEED);
      await withApp(harness, undefined, async (app) => {
        const cases = Array.from({ length: 1_000 }, (_, index) => ({
          requestId: nextId(),
          caller: randomCaller(index, random),
          plan: randomPlan(random),
        }));
        const agent = new Agent({ keepAlive: true }); // no socket limit: all 1,000 are in flight at once
        const responses = await Promise.all(
          cases.map(({ requestId, caller, plan }) =>
            rawGet(`${app.url}/work?plan=${plan}`, headersFor(requestId, caller), agent),
          ),
        ).finally(() => agent.destroy());
        await Promise.all(cases.map(({ requestId }) => ends.waitFor(requestId)));

        const wrong: string[] = [];
        cases.forEach(({ requestId, caller, plan }, index) => {
          const identity = identityOf(caller);
          const expected = JSON.stringify(identity);
          const response = responses[index]!;
          const spans = spansOf(requestId);
          const expectedSpans = 2 + plan.length + 3 * (plan.split('g').length - 1); // g: generator + 2 items
          const request = `${requestId} (plan ${plan}, caller ${JSON.stringify(caller)}, seed ${SEED})`;
          if (response.status !== 200) wrong.push(`${request}: status ${response.status}`);
          else if (!isDeepStrictEqual(JSON.parse(response.body), { context: identity, idiomatic: identity }))
            wrong.push(`${request}: answered ${response.body}`);
          if (spans.length !== expectedSpans) wrong.push(`${request}: ${spans.length} spans`);
          for (const span of spans) {
            const carried = JSON.stringify(spanIdentity(span));
            if (carried !== expected) wrong.push(`${request} ${span.name}: ${carried}`);
          }
          if (ends.of(requestId).length !== 1) wrong.push(`${request}: ${ends.of(requestId).length} ends`);
        });
        expect(wrong).toEqual([]);
      });
    },
  },
  {
    name: '2. keep-alive: sequential requests on one socket each carry their own identity',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const agent = singleSocketAgent();
        const callers: Caller[] = [
          { userId: 'ka-1', sessionId: 'ka-s1', auth: 'late' },
          { userId: 'ka-2', sessionId: 'ka-s2', auth: 'early' },
          {},
          { sessionId: 'ka-s4' },
          { userId: 'ka-5', auth: 'jwt' },
        ];
        try {
          for (const [index, caller] of callers.entries()) {
            const requestId = nextId();
            const response = await rawGet(`${app.url}/identity`, headersFor(requestId, caller), agent);
            expect(response.reusedSocket).toBe(index > 0);
            expect(JSON.parse(response.body).context).toEqual(identityOf(caller));
            expectSpansCarry(requestId, identityOf(caller));
            await expectEndedOnce(ends, requestId, identityOf(caller));
          }
        } finally {
          agent.destroy();
        }
      });
    },
  },
  {
    name: '3. a server started inside an existing scope: requests do not inherit it',
    async run({ harness, ends, nextId }) {
      const outer = { userId: 'outer-user', sessionId: 'outer-session' };
      await runWithUserSession(outer, () =>
        withApp(harness, undefined, async (app) => {
          const anonymous = nextId();
          expect((await getAs(app, '/identity', anonymous)).body.context).toEqual({});
          expectSpansCarry(anonymous, {});
          await expectEndedOnce(ends, anonymous, {});

          const caller: Caller = { sessionId: 'own-session' };
          const identified = nextId();
          expect((await getAs(app, '/identity', identified, caller)).body.context).toEqual(
            identityOf(caller),
          );
          expectSpansCarry(identified, identityOf(caller));
          await expectEndedOnce(ends, identified, identityOf(caller));

          expect(getUserSessionContext()).toEqual(outer);
        }),
      );
    },
  },
  {
    name: '4. app-level and route-level mounts: the route override wins on that route only',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const caller: Caller = { userId: 'app-user', sessionId: 'app-session', auth: 'late' };
        const routeHeaders = { 'x-route-session': 'route-session', 'x-route-user': 'route-user' };
        const appIdentity = identityOf(caller);
        const routeIdentity = { userId: 'route-user', sessionId: 'route-session' };

        const onRoute = nextId();
        const overridden = await request(app.url)
          .get('/override/identity')
          .set({ ...headersFor(onRoute, caller), ...routeHeaders });
        expect(overridden.body).toEqual({ context: routeIdentity, idiomatic: routeIdentity });
        expectSpansCarry(onRoute, routeIdentity);
        await expectEndedOnce(ends, onRoute, routeIdentity);

        const elsewhere = nextId();
        const plain = await request(app.url)
          .get('/identity')
          .set({ ...headersFor(elsewhere, caller), ...routeHeaders });
        expect(plain.body.context).toEqual(appIdentity);
        expectSpansCarry(elsewhere, appIdentity);
        await expectEndedOnce(ends, elsewhere, appIdentity);

        const routeWithoutOverrides = nextId();
        const kept = await getAs(app, '/override/identity', routeWithoutOverrides, caller);
        expect(kept.body.context).toEqual(appIdentity);
        expectSpansCarry(routeWithoutOverrides, appIdentity);
        await expectEndedOnce(ends, routeWithoutOverrides, appIdentity);
      });
    },
  },
  {
    name: '5. authentication after the middleware (sync or async extractors): spans carry its user',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const callers: Caller[] = [
          { userId: 'passport-user', sessionId: 'auth-session', auth: 'late' },
          { userId: 'jwt-user', auth: 'jwt' },
        ];
        for (const caller of callers) {
          const requestId = nextId();
          const response = await getAs(app, '/identity', requestId, caller);
          expect(response.body).toEqual({ context: identityOf(caller), idiomatic: identityOf(caller) });
          expectSpansCarry(requestId, identityOf(caller));
          await expectEndedOnce(ends, requestId, identityOf(caller));
        }
        const numeric = nextId();
        const response = await request(app.url)
          .get('/identity')
          .set({ [REQUEST_HEADER]: numeric, 'x-test-user': JSON.stringify({ id: 42 }) });
        expect(response.body.context).toEqual({ userId: '42' });
        expectSpansCarry(numeric, { userId: '42' });
      });
      const asyncSession = { getSessionId: async (req: unknown) => harness.header(req, 'x-session-id') };
      await withApp(harness, asyncSession, async (app) => {
        const caller: Caller = { userId: 'late-user', sessionId: 'async-session', auth: 'late' };
        const requestId = nextId();
        const response = await getAs(app, '/identity', requestId, caller);
        expect(response.body).toEqual({ context: identityOf(caller), idiomatic: identityOf(caller) });
        expectSpansCarry(requestId, identityOf(caller));
        await expectEndedOnce(ends, requestId, identityOf(caller));
      });
    },
  },
  {
    name: '6. streamed responses: spans while streaming carry the identity, one clear after the end',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        for (const kind of harness.streamKinds) {
          const caller: Caller = { userId: `streamer-${kind}`, sessionId: `stream-${kind}`, auth: 'late' };
          const requestId = nextId();
          const response = await rawGet(
            `${app.url}/stream?chunks=5&kind=${kind}`,
            headersFor(requestId, caller),
          );
          expect(response.status).toBe(200);
          expect(response.body.match(/data: \d+/g)).toEqual([0, 1, 2, 3, 4].map((i) => `data: ${i}`));
          const end = await expectEndedOnce(ends, requestId, identityOf(caller));
          const spans = expectSpansCarry(requestId, identityOf(caller));
          expect(spans.filter((span) => span.name === 'chunk')).toHaveLength(5);
          expect(end.spansFinishedBefore).toBe(spans.length);
        }
      });
    },
  },
  {
    name: '7. the client aborts mid-stream: the identity is still cleared exactly once',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        for (const kind of harness.streamKinds) {
          const caller: Caller = { userId: `leaver-${kind}`, sessionId: `abort-${kind}`, auth: 'late' };
          const requestId = nextId();
          const first = await abortAfterFirstChunk(
            `${app.url}/stream?chunks=0&kind=${kind}`,
            headersFor(requestId, caller),
          );
          expect(first).toMatch(/data: 0/);
          const end = await expectEndedOnce(ends, requestId, identityOf(caller));
          const spans = spansOf(requestId);
          expect(end.spansFinishedBefore).toBeGreaterThan(0);
          expect(spans.slice(0, end.spansFinishedBefore).map(spanIdentity)).toEqual(
            spans.slice(0, end.spansFinishedBefore).map(() => identityOf(caller)),
          );
          // Work the stream still does after the clear sees no identity, never a stale one. Every kind
          // does some: the chunk in flight when the client left, or (piped) its close callback.
          await eventually(() => (spansOf(requestId).length > end.spansFinishedBefore ? true : undefined));
          const after = spansOf(requestId).slice(end.spansFinishedBefore);
          expect(after.map(spanIdentity)).toEqual(after.map(() => ({})));
        }
      });
    },
  },
  {
    name: '8. errors (sync, rejected, framework status): the handler sees the identity, status unchanged',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const expectedStatus = { sync: 500, async: 500, status: 418 };
        for (const [kind, status] of Object.entries(expectedStatus)) {
          const caller: Caller = { userId: `failing-${kind}`, sessionId: `error-${kind}`, auth: 'late' };
          const requestId = nextId();
          const response = await getAs(app, `/error/${kind}`, requestId, caller);
          expect(response.status).toBe(status);
          const spans = expectSpansCarry(requestId, identityOf(caller));
          expect(spans.map((span) => [span.name, span.attributes['test.same-error']])).toEqual([
            ['error-handler', true],
          ]);
          await expectEndedOnce(ends, requestId, identityOf(caller));
        }
      });
    },
  },
  {
    name: '9. bad input is dropped and reported; the request proceeds and no span carries it',
    async run({ harness, ends, nextId }) {
      const reports: [IdField, InvalidIdReason][] = [];
      configure({ onInvalidId: (field, reason) => reports.push([field, reason]) });
      const user: Caller = { userId: 'valid-user', auth: 'late' };

      /** Sends `headers` (or `path`) and expects one report, status 200 and only `identity` on spans. */
      async function expectDropped(
        app: RunningApp,
        report: [IdField, InvalidIdReason],
        identity: UserSession,
        headers: Record<string, string | string[]>,
        path = '/identity',
      ) {
        reports.length = 0;
        const requestId = nextId();
        const response = await request(app.url)
          .get(path)
          .set({ ...headersFor(requestId, user), ...headers });
        expect(response.status).toBe(200);
        expect(response.body.context).toEqual(identity);
        expectSpansCarry(requestId, identity);
        await expectEndedOnce(ends, requestId, identity);
        expect(reports).toEqual([report]);
      }

      const onlyUser = identityOf(user);
      const session = (value: string | string[]) => ({ 'x-session-id': value });
      try {
        await withApp(harness, undefined, async (app) => {
          await expectDropped(app, ['sessionId', 'too-long'], onlyUser, session('s'.repeat(10_240)));
          await expectDropped(app, ['sessionId', 'control-character'], onlyUser, session('tab\there'));
          await expectDropped(app, ['sessionId', 'control-character'], onlyUser, session('c1\u0085here'));
          await expectDropped(app, ['sessionId', 'empty'], onlyUser, session(''));
          await expectDropped(app, ['sessionId', 'ambiguous'], onlyUser, session(['s-a', 's-b']));
          for (const id of [{ nested: 1 }, true, ['u']]) {
            await expectDropped(
              app,
              ['userId', 'invalid-type'],
              {},
              { 'x-test-user': JSON.stringify({ id }) },
            );
          }
        });
        // Node's `req.headers` keeps only the first of a repeated `authorization` (and a few more).
        await withApp(harness, { sessionHeader: 'authorization' }, async (app) => {
          const once = nextId();
          const response = await request(app.url)
            .get('/identity')
            .set({ ...headersFor(once, user), authorization: 'auth-session' });
          expect(response.body.context).toEqual({ ...onlyUser, sessionId: 'auth-session' });
          const twice = { authorization: ['auth-a', 'auth-b'] };
          await expectDropped(app, ['sessionId', 'ambiguous'], onlyUser, twice);
        });
        const fromQuery = { getSessionId: (req: unknown) => harness.query(req, 'sid') };
        await withApp(harness, fromQuery, async (app) => {
          for (const sid of ['cr%0Dlf%0A', 'nul%00', 'del%7F']) {
            await expectDropped(
              app,
              ['sessionId', 'control-character'],
              onlyUser,
              {},
              `/identity?sid=${sid}`,
            );
          }
        });
        const throwing = {
          getUserId: () => {
            throw new Error('extractor failed');
          },
        };
        await withApp(harness, throwing, async (app) => {
          await expectDropped(app, ['userId', 'extractor-error'], { sessionId: 'kept' }, session('kept'));
        });
        const rejecting = { getSessionId: () => Promise.reject(new Error('extractor failed')) };
        await withApp(harness, rejecting, async (app) => {
          await expectDropped(app, ['sessionId', 'extractor-error'], onlyUser, {});
        });
      } finally {
        resetConfiguration();
      }
    },
  },
  {
    name: '10. generated session ids are sent back and resume the session on the next request',
    async run({ harness, ends, nextId }) {
      await withApp(harness, { generateSessionId: true }, async (app) => {
        const first = nextId();
        const created = await getAs(app, '/identity', first);
        const sessionId = created.headers['x-session-id'];
        expect(sessionId).toMatch(UUID);
        expect(created.body).toEqual({ context: { sessionId }, idiomatic: { sessionId } });
        expectSpansCarry(first, { sessionId });
        await expectEndedOnce(ends, first, { sessionId });

        const second = nextId();
        const resumed = await getAs(app, '/identity', second, { sessionId });
        expect(resumed.headers['x-session-id']).toBeUndefined();
        expect(resumed.body.context).toEqual({ sessionId });
        expectSpansCarry(second, { sessionId });

        const streamed = nextId();
        const stream = await rawGet(`${app.url}/stream?chunks=2&kind=sse`, headersFor(streamed));
        const streamSession = stream.headers['x-session-id'];
        expect(streamSession).toMatch(UUID);
        expect(streamSession).not.toBe(sessionId);
        await expectEndedOnce(ends, streamed, { sessionId: String(streamSession) });
        expectSpansCarry(streamed, { sessionId: String(streamSession) });

        // A first turn that fails still tells the client its session, so a retry resumes it.
        const failed = nextId();
        const failure = await getAs(app, '/error/sync', failed);
        expect(failure.status).toBe(500);
        const failedSession = failure.headers['x-session-id'];
        expect(failedSession).toMatch(UUID);
        expectSpansCarry(failed, { sessionId: failedSession });
        await expectEndedOnce(ends, failed, { sessionId: failedSession });
      });
      await withApp(harness, { generateSessionId: () => 'custom-session' }, async (app) => {
        const requestId = nextId();
        const created = await getAs(app, '/identity', requestId, { userId: 'gen-user', auth: 'late' });
        expect(created.headers['x-session-id']).toBe('custom-session');
        expectSpansCarry(requestId, { userId: 'gen-user', sessionId: 'custom-session' });
      });
    },
  },
  {
    name: '11. background work after the response: unbound sees no identity, bindUserSession the right one',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const caller: Caller = { userId: 'background-user', sessionId: 'background-session', auth: 'late' };
        const requestId = nextId();
        const response = await getAs(app, '/background', requestId, caller);
        expect(response.body).toEqual(identityOf(caller));
        await expectEndedOnce(ends, requestId, identityOf(caller));
        const named = (name: string) => () => spansOf(requestId).find((span) => span.name === name);
        expect(spanIdentity(await eventually(named('background-unbound')))).toEqual({});
        expect(spanIdentity(await eventually(named('background-bound')))).toEqual(identityOf(caller));
      });
    },
  },
  {
    name: '12. handlers set the user themselves; updateTraceUserSession overrides only its own trace',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const requestId = nextId();
        const response = await getAs(app, '/login?user=logged-in', requestId, { sessionId: 'login-session' });
        const request = { userId: 'logged-in', sessionId: 'login-session' };
        expect(response.body).toEqual({ context: request, idiomatic: request });
        const inTrace = { userId: 'logged-in', sessionId: 'trace-session' };
        expect(Object.fromEntries(spansOf(requestId).map((span) => [span.name, spanIdentity(span)]))).toEqual(
          {
            'before-login': { sessionId: 'login-session' },
            'in-trace': inTrace,
            'own-session-trace': inTrace,
            'after-login': request,
            handler: request,
          },
        );
        await expectEndedOnce(ends, requestId, request);
      });
    },
  },
  {
    name: '13. pipelined requests on one socket, streams included: each carries only its own identity',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        // Node queues each response behind the one before and tells it to go on (`drain`) from the
        // end of the previous response: work resumed from there must not run as the previous request.
        const paths = [
          '/work?plan=tp',
          ...harness.streamKinds.map((kind) => `/stream?chunks=5&kind=${kind}`),
          '/identity',
        ];
        const sent = [...paths, ...paths].map((path, index) => {
          const caller: Caller = {
            userId: `pipelined-${index}`,
            sessionId: `pipelined-s${index}`,
            auth: 'late',
          };
          return { path, caller, requestId: nextId() };
        });
        const received = await pipelinedGet(
          app.url,
          sent.map(({ path, caller, requestId }) => ({ path, headers: headersFor(requestId, caller) })),
        );
        expect(received.match(/HTTP\/1\.1 200 /g)).toHaveLength(sent.length);
        for (const { caller, requestId } of sent) {
          await expectEndedOnce(ends, requestId, identityOf(caller));
          expectSpansCarry(requestId, identityOf(caller));
        }
      });
    },
  },
  {
    name: '14. a HEAD request, whose body the framework drops unread: the identity is cleared exactly once',
    async run({ harness, ends, nextId }) {
      await withApp(harness, undefined, async (app) => {
        const caller: Caller = { userId: 'head-user', sessionId: 'head-session', auth: 'late' };
        const requestId = nextId();
        const response = await request(app.url).head('/identity').set(headersFor(requestId, caller));
        expect(response.text ?? '').toBe('');
        await expectEndedOnce(ends, requestId, identityOf(caller));
      });
    },
  },
  {
    name: "15. stream kinds made outside the request (streamKindsWithoutIdentity): no identity, never another's",
    async run({ harness, ends, nextId }) {
      const kinds = harness.streamKindsWithoutIdentity ?? [];
      expect(kinds.filter((kind) => harness.streamKinds.includes(kind))).toEqual([]); // never both
      if (kinds.length === 0) return;
      const callerOf = (name: string): Caller => ({ userId: `${name}-user`, sessionId: name, auth: 'late' });
      /** The request ends once with its identity; its spans carry it, or are `chunks` chunks without any. */
      const expectCarried = async (requestId: string, caller: Caller, chunks?: number) => {
        await expectEndedOnce(ends, requestId, identityOf(caller));
        const spans = expectSpansCarry(requestId, chunks === undefined ? identityOf(caller) : {});
        if (chunks !== undefined) expect(spans.map((span) => span.name)).toEqual(Array(chunks).fill('chunk'));
      };
      await withApp(harness, undefined, async (app) => {
        for (const kind of kinds) {
          const requestId = nextId();
          const caller = callerOf(`alone-${kind}`);
          const response = await rawGet(
            `${app.url}/stream?chunks=3&kind=${kind}`,
            headersFor(requestId, caller),
          );
          expect(response.body.match(/data: \d+/g)).toEqual(['data: 0', 'data: 1', 'data: 2']);
          await expectCarried(requestId, caller, 3);
        }
        // Pipelined between requests with identities, whose context a chunk must never pick up.
        const paths = ['/work?plan=tp', ...kinds.map((kind) => `/stream?chunks=5&kind=${kind}`), '/identity'];
        const sent = [...paths, ...paths].map((path, index) => ({
          path,
          caller: callerOf(`pipelined-outside-${index}`),
          requestId: nextId(),
        }));
        const received = await pipelinedGet(
          app.url,
          sent.map(({ path, caller, requestId }) => ({ path, headers: headersFor(requestId, caller) })),
        );
        expect(received.match(/HTTP\/1\.1 200 /g)).toHaveLength(sent.length);
        for (const { path, caller, requestId } of sent) {
          await expectCarried(requestId, caller, path.startsWith('/stream') ? 5 : undefined);
        }
      });
    },
  },
  {
    name: '16. a session id a header cannot carry as it is (above U+00FF, spaces around it): not sent, request succeeds',
    async run({ harness, ends, nextId }) {
      const fromQuery = (req: unknown) => harness.query(req, 'sid');
      // A space at either end would be sent, but the client's parser strips it: it would resume another id.
      for (const sessionId of ['séance-会話-🙂', ' leading-space', 'trailing-space ']) {
        const mounts: SessionMiddlewareOptions<any>[] = [
          { exposeSessionId: true, getSessionId: fromQuery },
          { exposeSessionId: true, getSessionId: async (req: unknown) => fromQuery(req) },
          { generateSessionId: () => sessionId },
          { generateSessionId: () => sessionId, getUserId: async () => 'async-user' },
        ];
        const warned = vi.spyOn(console, 'warn').mockImplementation(() => {}); // warns once per process
        try {
          for (const options of mounts) {
            await withApp(harness, options, async (app) => {
              const identity =
                options.getUserId === undefined ? { sessionId } : { userId: 'async-user', sessionId };
              const requestId = nextId();
              const path = `/identity?sid=${encodeURIComponent(sessionId)}`;
              const response = await getAs(app, path, requestId);
              expect(response.status).toBe(200);
              expect(response.headers['x-session-id'], JSON.stringify(sessionId)).toBeUndefined();
              expect(response.body).toEqual({ context: identity, idiomatic: identity });
              expectSpansCarry(requestId, identity);
              await expectEndedOnce(ends, requestId, identity);
            });
          }
        } finally {
          warned.mockRestore();
        }
      }
    },
  },
  {
    name: "17. a route mount's own session over a generated one: the generated id is the one sent back",
    async run({ harness, ends, nextId }) {
      await withApp(harness, { generateSessionId: true }, async (app) => {
        const requestId = nextId();
        const response = await request(app.url)
          .get('/override/identity')
          .set({ ...headersFor(requestId), 'x-route-session': 'route-ticket' });
        const routeIdentity = { sessionId: 'route-ticket' };
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ context: routeIdentity, idiomatic: routeIdentity });
        // The app-level mount sent back the session it generated when the request entered; the route
        // mount's id is the client's own and is never sent back, in either header.
        expect(response.headers['x-session-id']).toMatch(UUID);
        expect(response.headers['x-route-session']).toBeUndefined();
        expectSpansCarry(requestId, routeIdentity);
        await expectEndedOnce(ends, requestId, routeIdentity);
      });
    },
  },
  {
    name: '18. the client is gone before an async extractor resolves: the scope ends once, work after sees {}',
    async run({ harness, ends, nextId }) {
      let arrived = () => {};
      const extractorRunning = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const held = {
        getSessionId: async (req: unknown) => {
          arrived();
          await gate;
          return harness.header(req, 'x-session-id');
        },
      };
      await withApp(harness, held, async (app) => {
        const caller: Caller = { sessionId: 'gone-session' };
        const requestId = nextId();
        const client = get(`${app.url}/background`, { headers: headersFor(requestId, caller), agent: false });
        client.on('error', () => {}); // the client aborts on purpose
        await extractorRunning;
        const clientPort = client.socket!.localPort!;
        client.destroy();
        await serverSawClose(clientPort);
        release(); // the scope opens only now, for a response that can no longer be sent

        const end = await expectEndedOnce(ends, requestId, identityOf(caller));
        const unbound = () => spansOf(requestId).find((span) => span.name === 'background-unbound');
        expect(spanIdentity(await eventually(unbound))).toEqual({});
        // Everything after the end sees no identity; only work bound with bindUserSession before it
        // (where the handler ran before the end was seen) keeps the identity it captured.
        const after = spansOf(requestId)
          .slice(end.spansFinishedBefore)
          .filter((span) => span.name !== 'background-bound');
        expect(after.map((span) => [span.name, spanIdentity(span)])).toContainEqual([
          'background-unbound',
          {},
        ]);
        expect(after.map(spanIdentity)).toEqual(after.map(() => ({})));
      });
    },
  },
];
