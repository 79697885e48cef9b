import { format } from 'node:util';
import type { Context } from 'koa';

/** An error as Koa's `ctx.onerror` reads it: `headers` are set on the error response. */
interface ErrorWithHeaders {
  headers?: unknown;
}

/**
 * Calls `respond(error)` with `name: value` added to `error.headers` for the duration of the call,
 * then puts `error.headers` back as it was: an error object thrown again by a later request (a
 * shared constant) never carries this request's header. Headers the error already names keep their
 * value. An error that cannot take the header (not extensible, say) is answered without it.
 */
function respondWithHeader(error: Error, name: string, value: string, respond: () => void): void {
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
 * `failure` as Koa's `ctx.onerror` (Koa 2 and 3 alike) turns it into an error: a native `Error` as it
 * is, anything else as a new `Error` that names it. Headers set on the new one reach the response;
 * headers added to the value thrown would be lost (and printed in the new error's message).
 */
function asKoaError(failure: unknown): Error {
  const isNativeError =
    Object.prototype.toString.call(failure) === '[object Error]' || failure instanceof Error;
  return isNativeError ? (failure as Error) : new Error(format('non-error thrown: %j', failure));
}

/**
 * Koa's default error response removes every header set before it and sets those of `error.headers`
 * (Koa's documented way to keep one). This makes the request's `ctx.onerror` send `name: value`
 * along, so a client still learns a session id that was generated for a request that failed:
 * whether the error comes from the chain, from an outer middleware after it, or from a stream body
 * Koa answers for after the chain (Koa 2), and whether or not it is an `Error`. Errors Koa can no
 * longer answer (the response has started) reach the original `ctx.onerror` untouched.
 *
 * @example
 * ```ts
 * // prelude: declare const ctx: import('koa').Context, sessionId: string;
 * import { keepHeaderOnErrorResponse } from './error-response-header';
 *
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
    const error = asKoaError(failure);
    respondWithHeader(error, name, value, () => onerror.call(this, error));
  };
}
