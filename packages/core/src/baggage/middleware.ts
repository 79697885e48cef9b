import type { FrameworkBinding } from '../middleware/request-identity';
import { type BaggageOptions, currentOptions, DEFAULT_OPTIONS, type IdField } from '../options';
import type { Scope } from '../scope';
import { normalizeId, reportInvalidId } from '../validate';
import { baggageValue, DUPLICATE } from './header';
import { BAGGAGE_HEADER, BAGGAGE_KEYS } from './keys';
import { compileRead, compileWrite, type ReadPolicy, type WritePolicy } from './policy';

/** The baggage policy of one `sessionMiddleware` mount; an `undefined` part follows `configure()`. */
export interface MountBaggagePolicy {
  readonly read: ReadPolicy | undefined;
  readonly write: WritePolicy | undefined;
}

const FOLLOW_CONFIGURE: MountBaggagePolicy = Object.freeze({ read: undefined, write: undefined });

/**
 * Compiles a mount's `baggage` option once: each of `read` / `write` it sets replaces the global one
 * for requests through this mount (completed by the defaults); the ones it omits follow `configure()`.
 */
export function compileMountBaggage(option: BaggageOptions | undefined): MountBaggagePolicy {
  if (option === undefined) return FOLLOW_CONFIGURE;
  const defaults = DEFAULT_OPTIONS.baggage;
  return Object.freeze({
    read: option.read === undefined ? undefined : compileRead(option.read, defaults),
    write: option.write === undefined ? undefined : compileWrite(option.write, defaults),
  });
}

/** A valid id for `field` from the header, or `undefined`; duplicates and invalid values are reported. */
function idFromBaggage(field: IdField, header: string): string | undefined {
  const value = baggageValue(header, BAGGAGE_KEYS[field]);
  if (value === undefined) return undefined;
  if (value === DUPLICATE) {
    reportInvalidId(field, 'ambiguous');
    return undefined;
  }
  const id = normalizeId(field, value, 'header');
  return typeof id === 'string' ? id : undefined;
}

function readBaggageHeader<Req>(binding: FrameworkBinding<Req>, request: Req): string | undefined {
  try {
    const header = binding.readHeader(request, BAGGAGE_HEADER);
    return typeof header === 'string' && header.length > 0 ? header : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies a mount's baggage policy to the request's scope, after the request's own sources ran:
 * records the write policy for outgoing calls, and fills the ids still missing from the incoming
 * `baggage` header where the read policy trusts it. Malformed headers are ignored; never throws.
 */
export function applyMountBaggage<Req>(
  scope: Scope,
  request: Req,
  binding: FrameworkBinding<Req>,
  mount: MountBaggagePolicy,
): void {
  if (mount.write !== undefined) scope.baggageWrite = mount.write;
  const read = mount.read ?? currentOptions().baggage.read;
  const takeSession = read.sessionId && scope.sessionId === undefined;
  const takeUser = read.userId && scope.userId === undefined;
  if (!takeSession && !takeUser) return;
  const header = readBaggageHeader(binding, request);
  if (header === undefined) return;
  if (takeSession) scope.sessionId = idFromBaggage('sessionId', header);
  if (takeUser) scope.userId = idFromBaggage('userId', header);
  scope.view = undefined;
}
