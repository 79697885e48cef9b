import type { BaggageOptions } from '../options';

/** What an extractor may return: a string or finite number, or nothing (`null` / `undefined`). */
export type IdValue = string | number | null | undefined;

/** Reads an id from the framework's own request object (Express `req`, Koa `ctx`, Hono `c`). */
export type IdExtractor<Req> = (request: Req) => IdValue | Promise<IdValue>;

/**
 * Options of every framework's `sessionMiddleware(options)`. `Req` is the framework's request object.
 */
export interface SessionMiddlewareOptions<Req> {
  /**
   * Reads the user id. Default: the authenticated principal the framework's usual auth middleware
   * stores (never a client header); see the adapter's README. While a synchronous extractor finds no
   * user, sessionscope calls it again each time the identity is read, until it finds one, so
   * authentication mounted after the middleware works; keep it cheap and free of side effects. An
   * extractor returning a promise runs once.
   */
  getUserId?: IdExtractor<Req>;
  /**
   * Reads the session id, once per request. Default: the `sessionHeader` request header, which is
   * refused (`ambiguous`) when it was sent twice; an extractor reading a header itself gets repeated
   * values joined with `, ` (from Node's `req.headers`, only the first value of a repeated
   * `authorization`, `user-agent`…; `req.headersDistinct` has them all) and must refuse them itself.
   */
  getSessionId?: IdExtractor<Req>;
  /**
   * Request (and response) header carrying the session id, or `false` for none. Default
   * `'x-session-id'`. A name no HTTP header can have (a space, a colon, a non-ASCII letter) throws a
   * `TypeError` when the middleware is created.
   */
  sessionHeader?: string | false;
  /** Start a new session when the request carries none: `true` for a UUID, or your own generator. Default `false`. */
  generateSessionId?: boolean | (() => string);
  /** Send the session id back in the `sessionHeader` response header. Default: only when it was generated. */
  exposeSessionId?: boolean;
  /**
   * W3C Baggage for requests through this mount: `read` / `write` given here replace the ones of
   * `configure({ baggage })`; omitted ones follow it. Ids from baggage only fill what the request's
   * own sources left empty. Default: `configure()`'s.
   */
  baggage?: BaggageOptions;
}

/** The defaults of {@link SessionMiddlewareOptions}, in one place. */
export const DEFAULT_MIDDLEWARE_OPTIONS = {
  sessionHeader: 'x-session-id',
  generateSessionId: false,
} as const satisfies SessionMiddlewareOptions<unknown>;
