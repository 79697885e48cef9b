import type { BaggageOptions, BaggageReadOptions, BaggageWriteOptions, IdField } from '../options';
import { compileDestinations, type DestinationFilter, NOWHERE } from './destinations';

/** Which ids a request takes from its incoming `baggage` header. */
export interface ReadPolicy {
  readonly sessionId: boolean;
  readonly userId: boolean;
}

/** Which ids outgoing requests carry in their `baggage` header, and to which destinations. */
export interface WritePolicy {
  readonly sessionId: boolean;
  readonly userId: boolean;
  readonly allows: DestinationFilter;
}

/** Baggage propagation with every option resolved. */
export interface BaggagePolicy {
  readonly read: ReadPolicy;
  readonly write: WritePolicy;
}

/** The defaults of {@link BaggageOptions}' keys, as `DEFAULT_OPTIONS.baggage` holds them. */
export interface BaggageDefaults {
  readonly read: Required<BaggageReadOptions>;
  readonly write: Required<BaggageWriteOptions>;
}

/** Takes nothing from incoming baggage. */
export const READ_NOTHING: ReadPolicy = Object.freeze({ sessionId: false, userId: false });

/** Sends nothing to anyone. */
export const WRITE_NOWHERE: WritePolicy = Object.freeze({ sessionId: false, userId: false, allows: NOWHERE });

/** Baggage propagation turned off, the state until `baggage` is configured. */
export const BAGGAGE_OFF: BaggagePolicy = Object.freeze({ read: READ_NOTHING, write: WRITE_NOWHERE });

const ID_FIELDS: readonly IdField[] = ['userId', 'sessionId'];

/** Resolves `read` (`true`: the defaults, `false`: nothing, an object: merged over the defaults). */
export function compileRead(option: BaggageReadOptions | boolean, defaults: BaggageDefaults): ReadPolicy {
  if (option === false) return READ_NOTHING;
  if (option === true) return Object.freeze({ ...defaults.read });
  if (option === null || typeof option !== 'object') {
    throw new TypeError('sessionscope: baggage.read must be a boolean or { sessionId?, userId? }');
  }
  return Object.freeze({
    sessionId: option.sessionId ?? defaults.read.sessionId,
    userId: option.userId ?? defaults.read.userId,
  });
}

/** Resolves `write` (`false`: nowhere, an object: merged over the defaults). */
export function compileWrite(option: BaggageWriteOptions | false, defaults: BaggageDefaults): WritePolicy {
  if (option === false) return WRITE_NOWHERE;
  if (option === null || typeof option !== 'object') {
    throw new TypeError('sessionscope: baggage.write must be false or { keys?, propagateTo }');
  }
  const keys = option.keys ?? defaults.write.keys;
  for (const key of keys) {
    if (!ID_FIELDS.includes(key)) {
      throw new TypeError(
        `sessionscope: baggage.write.keys accepts 'sessionId' and 'userId', got ${String(key)}`,
      );
    }
  }
  const allows = compileDestinations(option.propagateTo ?? defaults.write.propagateTo);
  if (allows === NOWHERE || keys.length === 0) return WRITE_NOWHERE;
  return Object.freeze({ sessionId: keys.includes('sessionId'), userId: keys.includes('userId'), allows });
}

/**
 * `next` merged over `current` one level deep, the way `configure()` merges the `baggage` option: a
 * half (`read`, `write`) that `next` does not name keeps its value, one given as `undefined` goes
 * back to its default (off). Anything but an object in `next` replaces the option as a whole.
 */
export function mergeBaggageOption(
  current: BaggageOptions | undefined,
  next: BaggageOptions,
): BaggageOptions {
  if (current === undefined || next === null || typeof next !== 'object') return next;
  return { ...current, ...next };
}

/** Resolves the global `baggage` option: each of `read` and `write` is off until it is set. */
export function resolveBaggage(option: BaggageOptions | undefined, defaults: BaggageDefaults): BaggagePolicy {
  if (option === undefined) return BAGGAGE_OFF;
  return Object.freeze({
    read: compileRead(option.read ?? false, defaults),
    write: compileWrite(option.write ?? false, defaults),
  });
}
