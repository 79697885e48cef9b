import { randomUUID } from 'node:crypto';
import { store } from './global-state';
import { currentOptions } from './options';
import { childScope, dropPendingUserId, viewOf } from './scope';
import { withActiveTraceOverride } from './trace/identity';
import { normalizeId } from './validate';

/** A conversation or agent task, as handed to the function run by {@link withSession}. */
export interface Session {
  /** The session id: the one given to resume, or a new UUID. */
  readonly id: string;
  /**
   * The user `fn`'s spans and `getUserSessionContext()` see when `fn` starts (hashed when `hashUserId`
   * is on), if any: `opts.userId` or the current user, except inside a `trace()` whose user was set
   * with `updateTraceUserSession` (which takes precedence) or picked up with `offerTraceUserId`.
   */
  readonly userId: string | undefined;
  /** `true` when an existing session id was given, `false` when a new session was created. */
  readonly resumed: boolean;
}

/** Options of {@link withSession}. */
export interface WithSessionOptions {
  /**
   * The user of the session; default: the current user. Inside a `trace()` whose user was set with
   * `updateTraceUserSession`, that user still takes precedence, as for every span of the trace.
   */
  userId?: string | number;
  /** Resume this session; omit it to create a new one. */
  sessionId?: string | number;
}

/**
 * Runs `fn` in a session: a new one (with a random UUID) when no `sessionId` is given or it is
 * invalid, otherwise the given one, resumed. `fn` runs in a child scope with that identity and
 * receives the session; `withSession` returns exactly what `fn` returns. `session.userId` is the
 * user `fn` and its spans see, with a trace's override applied like `getUserSessionContext()` does.
 *
 * @example
 * ```ts
 * // prelude: declare const req: import('express').Request, user: { id: string };
 * // prelude: declare const agent: { run(message: string): Promise<string> };
 * import { withSession } from '@sessionscope/core';
 *
 * const reply = await withSession({ userId: user.id, sessionId: req.body.conversationId }, async (session) => {
 *   const answer = await agent.run(req.body.message); // every span carries session.id
 *   return { conversationId: session.id, answer };
 * });
 * ```
 */
export function withSession<T>(opts: WithSessionOptions, fn: (session: Session) => T): T {
  const options = currentOptions();
  const scope = childScope(store.getStore());
  const userId = normalizeId('userId', opts?.userId, 'value', options);
  if (typeof userId === 'string') {
    scope.userId = userId;
    dropPendingUserId(scope);
  }
  const given = normalizeId('sessionId', opts?.sessionId, 'value', options);
  const resumed = typeof given === 'string';
  scope.sessionId = resumed ? given : randomUUID();
  const { userId: seenUserId } = withActiveTraceOverride(viewOf(scope));
  const session: Session = Object.freeze({ id: scope.sessionId, userId: seenUserId, resumed });
  return store.run(scope, fn, session);
}
