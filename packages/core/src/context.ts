import { store } from './global-state';
import {
  applyInput,
  childScope,
  clearScope,
  NO_IDENTITY,
  snapshotScope,
  type UserSession,
  type UserSessionInput,
  viewOf,
} from './scope';
import { withActiveTraceOverride } from './trace/identity';
import { traceState } from './trace/record';
import { warnOnce } from './warn-once';

/**
 * Merges `input` into the identity of the current request or scope: an omitted key keeps its value,
 * `null` clears the key, numbers become strings, invalid ids are dropped and reported.
 *
 * Outside any scope it does nothing and warns once: open one with the framework middleware or
 * {@link runWithUserSession}.
 *
 * @example
 * ```ts
 * // prelude: declare const app: import('express').Express;
 * // prelude: declare const login: (body: unknown) => Promise<{ id: string }>, chat: (message: string) => Promise<string>;
 * import { setUserSessionContext } from '@sessionscope/core';
 *
 * app.post('/login', async (req, res) => {
 *   const user = await login(req.body);
 *   setUserSessionContext({ userId: user.id });
 *   res.json(await chat(req.body.message)); // every span from here on carries user.id
 * });
 * ```
 */
export function setUserSessionContext(input: UserSessionInput): void {
  const scope = store.getStore();
  if (scope === undefined) {
    warnOnce(
      'setUserSessionContext',
      'setUserSessionContext() was called outside any scope and did nothing. ' +
        'Mount sessionMiddleware() for requests, or wrap the work in runWithUserSession().',
    );
    return;
  }
  applyInput(scope, input);
}

/**
 * Empties the identity of the current request or scope. Does nothing outside a scope.
 *
 * @example
 * ```ts
 * // prelude: declare const app: import('express').Express;
 * import { clearUserSessionContext } from '@sessionscope/core';
 *
 * app.post('/logout', (req, res) => {
 *   clearUserSessionContext();
 *   res.sendStatus(204);
 * });
 * ```
 */
export function clearUserSessionContext(): void {
  const scope = store.getStore();
  if (scope !== undefined) clearScope(scope);
}

/**
 * The identity of the current request or scope, as a frozen object; `{}` when there is none. Inside a
 * `trace()` call it is the identity the trace's spans get: `updateTraceUserSession` values over the
 * request's, and a picked-up user (`offerTraceUserId`) when neither has one.
 *
 * @example
 * ```ts
 * // prelude: declare const logger: { info(fields: object, message: string): void };
 * import { getUserSessionContext } from '@sessionscope/core';
 *
 * const { userId, sessionId } = getUserSessionContext();
 * logger.info({ userId, sessionId }, 'answering');
 * ```
 */
export function getUserSessionContext(): UserSession {
  const scope = store.getStore();
  const identity = scope === undefined ? NO_IDENTITY : viewOf(scope);
  return traceState.overriddenTraces === 0 ? identity : withActiveTraceOverride(identity);
}

/**
 * Runs `fn` in a child scope that starts from the current identity with `input` merged in.
 * The caller's identity is unchanged afterwards. Returns exactly what `fn` returns (the same value,
 * the same promise) and rethrows what it throws.
 *
 * @example
 * ```ts
 * // prelude: type Job = { userId: string; sessionId: string };
 * // prelude: declare const worker: { on(event: 'job', listener: (job: Job) => void): void };
 * // prelude: declare function handle(job: Job): Promise<void>;
 * import { runWithUserSession } from '@sessionscope/core';
 *
 * // A queue worker: each job runs with the identity it was enqueued with.
 * worker.on('job', (job) =>
 *   runWithUserSession({ userId: job.userId, sessionId: job.sessionId }, () => handle(job)),
 * );
 * ```
 */
export function runWithUserSession<T>(input: UserSessionInput, fn: () => T): T {
  const scope = childScope(store.getStore());
  applyInput(scope, input);
  return store.run(scope, fn);
}

/**
 * Captures the identity of the current request or scope now and returns a function that runs `fn`
 * with it later, from timers, queues, event emitters or callback-based pools. The returned function
 * keeps `this`, the arguments and the return value; each call runs in its own scope. Captured outside
 * any scope, `fn` runs with no identity.
 *
 * What is captured is the request-level state, as {@link runWithUserSession} starts from it: the
 * identity and the baggage write policy of the middleware mount that opened the request. A trace's
 * `updateTraceUserSession` override and a picked-up user (`offerTraceUserId`) stay with their
 * trace: they apply to a bound call only while it runs inside that trace, still active.
 *
 * @example
 * ```ts
 * // prelude: declare const app: import('express').Express;
 * // prelude: declare function summarizeConversation(): Promise<void>;
 * import { bindUserSession } from '@sessionscope/core';
 *
 * app.post('/chat', (req, res) => {
 *   setTimeout(bindUserSession(() => summarizeConversation()), 1000); // still knows the user
 *   res.json({ ok: true });
 * });
 * ```
 */
export function bindUserSession<F extends (...args: any[]) => any>(fn: F): F {
  const captured = snapshotScope(store.getStore());
  return function (this: unknown, ...args: unknown[]) {
    return store.run(childScope(captured), Reflect.apply, fn, this, args);
  } as F;
}
