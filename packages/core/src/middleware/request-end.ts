import { channel } from 'node:diagnostics_channel';
import { clearScope, type Scope, type UserSession, viewOf } from '../scope';
import { restampRequestSpan } from './request-span';

/**
 * Published on the `node:diagnostics_channel` named `sessionscope:request-end` when a middleware
 * clears a request's identity at the true end of the request (response finished, aborted or failed).
 */
export interface RequestEndMessage {
  /** The framework's request object (Express `req`, Koa `ctx`, Hono `c`). */
  readonly request: unknown;
  /** The identity the request had just before it was cleared. */
  readonly userSession: UserSession;
}

/** Name of the diagnostics channel that reports each request's end, see {@link RequestEndMessage}. */
export const REQUEST_END_CHANNEL = 'sessionscope:request-end';

const requestEnd = channel(REQUEST_END_CHANNEL);

/**
 * Clears a request's identity at the true end of the request; runs at most once per scope. The
 * scope is passed explicitly because response-end callbacks run outside the request's context.
 */
export function endRequestScope(scope: Scope, request: unknown): void {
  if (scope.ended) return;
  scope.ended = true;
  restampRequestSpan(scope);
  if (requestEnd.hasSubscribers) {
    const message: RequestEndMessage = { request, userSession: viewOf(scope) };
    clearScope(scope);
    requestEnd.publish(message);
    return;
  }
  clearScope(scope);
}
