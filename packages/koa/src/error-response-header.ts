import type { Context } from 'koa';

/** An error as Koa's `ctx.onerror` reads it: `headers` are set on the error response. */
interface ErrorWithHeaders {
  headers?: unknown;
}

/**
 * Calls `respond(error)` with `name: value` added to `error.headers` for the duration of the call,
 * then puts `error.headers` back as it was: an error object thrown again by a later request (a
 * shared constant) never carries this request's header. Headers the error already names keep their
 * value. An error that cannot take the header (not an object, or not extensible) is answered without it.
 */
function respondWithHeader(error: unknown, name: string, value: string, respond: () => void): void {
  if (typeof error !== 'object' || error === null) {
    respond();
    return;
  }
  const target = error as ErrorWithHeaders;
  const own = Object.getOwnPropertyDescriptor(target, 'headers');
  const headers = target.headers;
  try {
    target.headers = { [name]: value, ...(typeof headers === 'object' ? headers : undefined) };
  } catch {
    respond();
    return;
  }
  try {
    respond();
  } finally {
    if (own === undefined) delete target.headers;
    else Object.defineProperty(target, 'headers', own);
  }
}

/**
 * Koa's default error response removes every header set before it and sets those of `error.headers`
 * (Koa's documented way to keep one). This makes the request's `ctx.onerror` send `name: value`
 * along, so a client still learns a session id that was generated for a request that failed:
 * whether the error comes from the chain, from an outer middleware after it, or from a stream body
 * Koa answers for after the chain (Koa 2). Errors Koa can no longer answer (the response has
 * started) reach the original `ctx.onerror` untouched.
 *
 * @example
 * ```ts
 * ctx.set('x-session-id', sessionId);
 * keepHeaderOnErrorResponse(ctx, 'x-session-id', sessionId);
 * ```
 */
export function keepHeaderOnErrorResponse(ctx: Context, name: string, value: string): void {
  const onerror = ctx.onerror;
  ctx.onerror = function respondToError(this: Context, failure: Error) {
    if (failure == null || this.headerSent || !this.writable) {
      onerror.call(this, failure);
      return;
    }
    respondWithHeader(failure, name, value, () => onerror.call(this, failure));
  };
}
