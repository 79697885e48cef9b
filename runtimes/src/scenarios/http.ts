import assert from 'node:assert/strict';
import type { UserSession } from '@sessionscope/core';
import {
  type IdentityReport,
  type ProbeReport,
  SESSION_HEADER,
  USER_HEADER,
  USER_KIND_HEADER,
} from '../apps/contract.ts';
import type { Check } from '../harness/checks.ts';

/** Sends a request to the app under test: `path` is relative to its origin. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

/** Requests sent at once in the concurrency check, each with its own user and session. */
const CONCURRENT_REQUESTS = 50;
const HOPS_PER_REQUEST = 6;
const STREAM_LINES = 5;
/** The end of a streamed request is reported asynchronously: poll for it this often, at most. */
const PROBE_ATTEMPTS = 100;
const PROBE_INTERVAL_MS = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function identityOf(
  fetcher: Fetcher,
  query: string,
  headers: Headers,
): Promise<{ report: IdentityReport; response: Response }> {
  const response = await fetcher(`/identity?${query}`, { headers });
  assert.equal(response.status, 200, `GET /identity?${query} answered ${response.status}`);
  return { report: (await response.json()) as IdentityReport, response };
}

function assertEverywhere(report: IdentityReport, expected: UserSession, label: string): void {
  for (const [step, identity] of report.seen.entries())
    assert.deepEqual(identity, expected, `${label}, read ${step}`);
  assert.deepEqual(report.local, expected, `${label}, the framework's userSession`);
}

function concurrentRequests(fetcher: Fetcher): Check['run'] {
  return async () => {
    const requests = Array.from({ length: CONCURRENT_REQUESTS }, async (_, i) => {
      const expected = { userId: `user-${i}`, sessionId: `session-${i}` };
      const headers = new Headers({ [USER_HEADER]: expected.userId, [SESSION_HEADER]: expected.sessionId });
      const { report, response } = await identityOf(
        fetcher,
        `hops=${HOPS_PER_REQUEST}&seed=${i + 1}`,
        headers,
      );
      assert.equal(report.seen.length, HOPS_PER_REQUEST + 1);
      assertEverywhere(report, expected, `request ${i}`);
      assert.equal(response.headers.get(SESSION_HEADER), null, 'a session id the client sent is not echoed');
    });
    await Promise.all(requests);
  };
}

async function probeUntilEnded(fetcher: Fetcher, tag: string): Promise<ProbeReport> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetcher(`/probe?tag=${tag}`);
    assert.equal(response.status, 200, `GET /probe answered ${response.status}`);
    const report = (await response.json()) as ProbeReport;
    if (report.identityAfterEnd !== null || attempt === PROBE_ATTEMPTS) return report;
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
}

/** Asserts the `/stream` request tagged `tag` was cleared exactly once, leaving no identity behind. */
async function assertEndedOnceWithoutIdentity(fetcher: Fetcher, tag: string, request: string): Promise<void> {
  const probe = await probeUntilEnded(fetcher, tag);
  assert.equal(probe.ends, 1, `the ${request} was cleared exactly once after its response was sent`);
  assert.deepEqual(probe.identityAfterEnd, {}, `the ${request}'s context holds no identity after the end`);
}

/** A new tag for one `/stream` request, for its probe. */
function streamTag(kind: string): string {
  return `${kind}-${Math.random().toString(36).slice(2)}`;
}

function streamedBody(fetcher: Fetcher): Check['run'] {
  return async () => {
    const expected = { userId: 'streaming-user', sessionId: 'streaming-session' };
    const tag = streamTag('stream');
    const headers = new Headers({ [USER_HEADER]: expected.userId, [SESSION_HEADER]: expected.sessionId });
    const response = await fetcher(`/stream?tag=${tag}&lines=${STREAM_LINES}`, { headers });
    assert.equal(response.status, 200);
    const lines = (await response.text()).trim().split('\n');
    assert.equal(lines.length, STREAM_LINES);
    for (const [i, line] of lines.entries())
      assert.deepEqual(JSON.parse(line), expected, `streamed line ${i}`);
    await assertEndedOnceWithoutIdentity(fetcher, tag, 'stream request');
  };
}

/**
 * `HEAD /stream`: the framework runs the GET route and drops its body unread (Hono answers with the
 * GET response's headers only; Express and Koa write nothing), so no end of the body ends the scope.
 */
function headRequest(fetcher: Fetcher): Check['run'] {
  return async () => {
    const tag = streamTag('head');
    const headers = new Headers({ [USER_HEADER]: 'head-user', [SESSION_HEADER]: 'head-session' });
    const response = await fetcher(`/stream?tag=${tag}&lines=${STREAM_LINES}`, { method: 'HEAD', headers });
    assert.equal(response.status, 200, `HEAD /stream answered ${response.status}`);
    assert.equal(await response.text(), '', 'a HEAD response has no body');
    assert.equal(response.headers.get(SESSION_HEADER), null, 'a session id the client sent is not echoed');
    await assertEndedOnceWithoutIdentity(fetcher, tag, 'HEAD request');
  };
}

/**
 * Requests carrying ids that must be dropped: the request proceeds, and every read sees the good
 * user (or none) with a freshly generated session instead of the bad value.
 */
const BAD_INPUTS: ReadonlyArray<{
  readonly name: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The user every read must see: `undefined` when the principal's id is itself the bad input. */
  readonly userId: string | undefined;
}> = [
  { name: '10 KB session header', headers: [[SESSION_HEADER, 's'.repeat(10_240)]], userId: 'u1' },
  { name: 'TAB in the session header', headers: [[SESSION_HEADER, 'bad\tsession']], userId: 'u2' },
  {
    name: 'duplicated session header',
    headers: [
      [SESSION_HEADER, 'dup-a'],
      [SESSION_HEADER, 'dup-b'],
    ],
    userId: 'u3',
  },
  { name: 'empty session header', headers: [[SESSION_HEADER, '']], userId: 'u4' },
  { name: 'non-string user id', headers: [[USER_KIND_HEADER, 'object']], userId: undefined },
];

function badInputDropped(fetcher: Fetcher): Check['run'] {
  return async () => {
    for (const [i, input] of BAD_INPUTS.entries()) {
      const headers = new Headers([[USER_HEADER, input.userId ?? `principal-${i}`]]);
      for (const [name, value] of input.headers) headers.append(name, value);
      const { report, response } = await identityOf(fetcher, `hops=2&seed=${i + 7}`, headers);
      const generated = response.headers.get(SESSION_HEADER);
      assert.match(
        generated ?? '',
        UUID,
        `${input.name}: the dropped session is replaced by a generated one`,
      );
      const expected = {
        ...(input.userId === undefined ? {} : { userId: input.userId }),
        sessionId: generated!,
      };
      assertEverywhere(report, expected, input.name);
    }
  };
}

function generatedSessionEchoed(fetcher: Fetcher): Check['run'] {
  return async () => {
    const first = await identityOf(fetcher, 'hops=2&seed=3', new Headers({ [USER_HEADER]: 'new-user' }));
    const sessionId = first.response.headers.get(SESSION_HEADER);
    assert.match(
      sessionId ?? '',
      UUID,
      'a request without a session gets a generated id in the response header',
    );
    assertEverywhere(first.report, { userId: 'new-user', sessionId: sessionId! }, 'first request');
    const headers = new Headers({ [USER_HEADER]: 'new-user', [SESSION_HEADER]: sessionId! });
    const next = await identityOf(fetcher, 'hops=2&seed=4', headers);
    assertEverywhere(next.report, { userId: 'new-user', sessionId: sessionId! }, 'follow-up request');
  };
}

/** The checks one scenario app must pass on every runtime, driven through real HTTP. */
export function httpChecks(fetcher: Fetcher): readonly Check[] {
  return [
    {
      name: `${CONCURRENT_REQUESTS} concurrent requests keep their own identity across awaits`,
      run: concurrentRequests(fetcher),
    },
    {
      name: 'a streamed body keeps the identity; it is cleared once, after the end',
      run: streamedBody(fetcher),
    },
    {
      name: 'a HEAD request, its body dropped unread, is cleared once, after the end',
      run: headRequest(fetcher),
    },
    { name: 'bad ids are dropped and the request proceeds', run: badInputDropped(fetcher) },
    {
      name: 'a generated session id is echoed and resumes the session',
      run: generatedSessionEchoed(fetcher),
    },
  ];
}
