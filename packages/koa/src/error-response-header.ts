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
 * (Koa's documented way to keep one). When `done` (the rest of the chain) rejects, this makes the
 * request's `ctx.onerror` send `name: value` along, so a client still learns a session id that was
 * generated for a request that failed. Requests that succeed pay nothing beyond the rejection handler.
 *
 * @example
 * ```ts
 * return keepHeaderOnErrorResponse(identity.run(scope, next), ctx, 'x-session-id', sessionId);
 * ```
 */
export function keepHeaderOnErrorResponse(
  done: Promise<unknown>,
  ctx: Context,
  name: string,
  value: string,
): Promise<unknown> {
  return done.then(undefined, (error: unknown) => {
    const onerror = ctx.onerror;
    ctx.onerror = function respondToError(this: Context, failure: Error) {
      respondWithHeader(failure, name, value, () => onerror.call(this, failure));
    };
    throw error;
  });
}
