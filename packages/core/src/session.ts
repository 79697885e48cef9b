import { randomUUID } from 'node:crypto';
import { store } from './global-state';
import { currentOptions } from './options';
import { childScope, dropPendingUserId, resolvePendingUserId } from './scope';
import { normalizeId } from './validate';

/** A conversation or agent task, as handed to the function run by {@link withSession}. */
export interface Session {
  /** The session id: the one given to resume, or a new UUID. */
  readonly id: string;
  /** The user the session runs for (hashed when `hashUserId` is on), if any. */
  readonly userId: string | undefined;
  /** `true` when an existing session id was given, `false` when a new session was created. */
  readonly resumed: boolean;
}

/** Options of {@link withSession}. */
export interface WithSessionOptions {
  /** The user of the session; default: the current user. */
  userId?: string | number;
  /** Resume this session; omit it to create a new one. */
  sessionId?: string | number;
}

/**
 * Runs `fn` in a session: a new one (with a random UUID) when no `sessionId` is given or it is
 * invalid, otherwise the given one, resumed. `fn` runs in a child scope with that identity and
 * receives the session; `withSession` returns exactly what `fn` returns.
 *
 * @example
 * ```ts
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
  resolvePendingUserId(scope);
  const session: Session = Object.freeze({ id: scope.sessionId, userId: scope.userId, resumed });
  return store.run(scope, fn, session);
}
