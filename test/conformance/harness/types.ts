import type { SessionMiddlewareOptions } from '@sessionscope/core';

/**
 * How `GET /stream` produces its body: `sse` and `raw`, the framework's usual ways (Express
 * `res.write` for both; Koa a `PassThrough` written from the handler, or a `Readable.from(generator)`
 * body; Hono `streamSSE` or `stream`); `web`, a web `ReadableStream` body that the framework pulls
 * from a generator after the handler has returned (Koa 3, Hono on web-standard runtimes); `piped`, a
 * `Readable.from(generator)` the handler pipes to the response, whose large chunks make the response
 * push back, so the generator is read on whenever the response drains (Express).
 */
export type StreamKind = 'sse' | 'raw' | 'web' | 'piped';

/** An app listening on loopback. */
export interface RunningApp {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One framework adapter under test. `start()` serves an app, the framework's idiomatic way, with:
 *
 * - an "early" auth middleware (before `sessionMiddleware`) setting the user from `x-test-early-user`;
 * - `sessionMiddleware(options)` app-wide;
 * - a "late" auth middleware (after it) setting the framework's usual principal from the JSON in
 *   `x-test-user` (passport style: `user`) or `x-test-jwt` (JWT style: claims);
 * - `GET /identity`: a `handler` span, answers `IdentitySnapshot` (context API + idiomatic view);
 * - `GET /override/identity`: the same under a router/route-level `sessionMiddleware(routeOverride)`;
 * - `GET /work?plan=tipg`: `work()` then the snapshot;
 * - `GET /login?user=U`: `login()` — `setUserSessionContext` in the handler, then a `trace()` that
 *   overrides its own session with `updateTraceUserSession` — then the snapshot;
 * - `GET /stream?chunks=N&kind=K`: a streamed body of N chunks (0: until the client leaves), each
 *   written with a `chunk` span, for each of its `streamKinds` (see {@link StreamKind});
 * - `GET /error/sync|async|status`: fails synchronously, by rejection, or with the framework's own
 *   418 error; an error handler records an `error-handler` span and defers to the framework's handling;
 * - `GET /background`: answers, then `scheduleBackgroundWork()` (see `support/probe.ts`).
 *
 * Every handler tags its spans with the `x-test-request` header.
 */
export interface Harness {
  readonly name: string;
  /** The kinds of streamed body `GET /stream` serves; every harness serves `sse` and `raw`. */
  readonly streamKinds: readonly StreamKind[];
  /**
   * Kinds `GET /stream` also serves whose chunks the adapter's README says are made outside the
   * request, so they carry no identity (scenario 15 asserts exactly that: never another request's).
   */
  readonly streamKindsWithoutIdentity?: readonly StreamKind[];
  start(options?: SessionMiddlewareOptions<any>): Promise<RunningApp>;
  /** A request header, read from the framework's request object (for extractors in scenarios). */
  header(request: unknown, name: string): string | undefined;
  /** A query parameter, read from the framework's request object. */
  query(request: unknown, name: string): string | undefined;
}

/**
 * Options of the route-level mount: its own session header, and a user from `x-route-user` read by
 * an async extractor (so the nested mount's asynchronous path runs).
 */
export function routeOverride(harness: Harness): SessionMiddlewareOptions<any> {
  return {
    sessionHeader: 'x-route-session',
    getUserId: async (request) => harness.header(request, 'x-route-user'),
  };
}

/** Parses the JSON of a test auth header; `undefined` when absent. */
export function parsePrincipal(value: string | undefined): unknown {
  return value === undefined ? undefined : JSON.parse(value);
}
