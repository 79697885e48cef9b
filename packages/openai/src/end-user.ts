import type { RequestBody } from './operations/operation';
import type { ResolvedInstrumentOptions } from './options';

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The end user a request names itself: its `safety_identifier`, else its `user`. */
export function requestEndUser(body: RequestBody): string | undefined {
  if (nonEmptyString(body.safety_identifier)) return body.safety_identifier;
  if (nonEmptyString(body.user)) return body.user;
  return undefined;
}

/**
 * The id to pass on for the context's user: as it is when the context is pseudonymised already
 * (`configure({ hashUserId })`), else `hash(userId)`. Undefined when the hash fails: a raw id is never
 * sent instead.
 */
export function endUserIdToSend(
  userId: string,
  pseudonymised: boolean,
  hash: (userId: string) => string,
): string | undefined {
  if (pseudonymised) return userId;
  try {
    const hashed = hash(userId);
    return nonEmptyString(hashed) ? hashed : undefined;
  } catch {
    return undefined;
  }
}

/** A copy of `body` with `id` in the configured field(s); the caller's object is left as it was. */
export function withEndUser(body: RequestBody, id: string, options: ResolvedInstrumentOptions): RequestBody {
  const sent: Record<string, unknown> = { ...body };
  if (options.injectSafetyIdentifier) sent.safety_identifier = id;
  if (options.injectUser) sent.user = id;
  return sent;
}
