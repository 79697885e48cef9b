import { createHash, createHmac } from 'node:crypto';
import { type BaggagePolicy, mergeBaggageOption, resolveBaggage } from './baggage/policy';
import { state } from './global-state';
import { warnOnce } from './warn-once';

/** The two identity fields sessionscope carries. */
export type IdField = 'userId' | 'sessionId';

/**
 * Why an id was dropped:
 * - `invalid-type`: not a string or a finite number (objects, arrays, booleans, `NaN`…);
 * - `empty`: the empty string;
 * - `too-long`: longer than `maxIdLength`;
 * - `control-character`: contains a Unicode `Cc` character (C0 including TAB, DEL, C1);
 * - `ambiguous`: read from a header that occurred more than once (the values were joined with a comma);
 * - `extractor-error`: the extractor threw or its promise rejected;
 * - `hash-error`: the `hashUserId` function threw or did not return a non-empty string without
 *   control characters.
 */
export type InvalidIdReason =
  | 'invalid-type'
  | 'empty'
  | 'too-long'
  | 'control-character'
  | 'ambiguous'
  | 'extractor-error'
  | 'hash-error';

/** Called for every id that is dropped. It may throw: the error is swallowed. */
export type InvalidIdHandler = (field: IdField, reason: InvalidIdReason) => void;

/** Named sets of span attribute keys, see {@link SessionscopeOptions.attributes}. */
export type AttributeProfile = 'otel' | 'langfuse' | 'openinference' | 'traceloop' | 'genai';

/** A custom pair of span attribute keys; a missing key means the field is not written by this entry. */
export interface AttributeKeys {
  readonly userId?: string;
  readonly sessionId?: string;
}

/** `true` for SHA-256, `{ secret }` for HMAC-SHA256, or your own one-way function. */
export type HashUserIdOption = boolean | { readonly secret: string } | ((userId: string) => string);

/**
 * Destinations that may receive the identity in W3C Baggage: a predicate on the request URL, or a
 * list of origins (`'https://chat.internal:8443'`) and RegExps tested against the URL's origin.
 */
export type BaggageDestinations = ((url: URL) => boolean) | ReadonlyArray<string | RegExp>;

/** What outgoing requests carry in the `baggage` header, and to which destinations. */
export interface BaggageWriteOptions {
  /** The ids to send, as baggage entries `session.id` and `user.id`. Default `['sessionId', 'userId']`. */
  keys?: readonly IdField[];
  /** The only destinations that get the identity; every other host gets none of it. */
  propagateTo: BaggageDestinations;
}

/** Which ids a request may take from its incoming `baggage` header when it has none of its own. */
export interface BaggageReadOptions {
  /** Take `session.id`. Default `true`. */
  sessionId?: boolean;
  /**
   * Take `user.id`. Default `false`: any client can send a `baggage` header, so only turn this on
   * where every caller is a service you trust to have authenticated the user.
   */
  userId?: boolean;
}

/**
 * W3C Baggage propagation of the identity between services. `read` and `write` are each off until
 * set; once set, their keys default as {@link DEFAULT_OPTIONS} says (`read: true`: sessions only).
 */
export interface BaggageOptions {
  /** Send the identity to these destinations. Default: to none. */
  write?: BaggageWriteOptions | false;
  /** Take ids from incoming baggage: `true` for sessions only, or say which. Default: none. */
  read?: BaggageReadOptions | boolean;
}

/** Global options of sessionscope, set with {@link configure}. */
export interface SessionscopeOptions {
  /** Longest id accepted, in UTF-16 code units. Default `256`. */
  maxIdLength?: number;
  /** Called as `onInvalidId(field, reason)` for each dropped id. Default: one warning per reason. */
  onInvalidId?: InvalidIdHandler;
  /** Pseudonymise user ids before they are stored anywhere. Default `false`. */
  hashUserId?: HashUserIdOption;
  /**
   * Which span attributes carry the identity. `'otel'` (`user.id`, `session.id`) is always written;
   * profiles and custom key maps add keys. Default `['otel']`. A name that is not one of
   * {@link ATTRIBUTE_PROFILES}' own keys makes `configure()` throw a `TypeError`.
   */
  attributes?: ReadonlyArray<AttributeProfile | AttributeKeys>;
  /** Carry the identity across services in W3C Baggage. Default: off. */
  baggage?: BaggageOptions;
}

/** The defaults of every option, in one place. */
export const DEFAULT_OPTIONS = {
  maxIdLength: 256,
  hashUserId: false,
  attributes: ['otel'],
  /** `baggage.read` and `baggage.write` are off until set; these are the defaults of their keys. */
  baggage: {
    read: { sessionId: true, userId: false },
    write: { keys: ['sessionId', 'userId'], propagateTo: [] },
  },
} as const satisfies SessionscopeOptions;

/** Span attribute keys of each profile. */
export const ATTRIBUTE_PROFILES: Readonly<Record<AttributeProfile, AttributeKeys>> = {
  otel: { userId: 'user.id', sessionId: 'session.id' },
  openinference: { userId: 'user.id', sessionId: 'session.id' },
  langfuse: { userId: 'langfuse.user.id', sessionId: 'langfuse.session.id' },
  traceloop: {
    userId: 'traceloop.association.properties.user_id',
    sessionId: 'traceloop.association.properties.session_id',
  },
  genai: { sessionId: 'gen_ai.conversation.id' },
};

/** Options with every default applied and every derived value computed once. */
export interface ResolvedOptions {
  readonly raw: SessionscopeOptions;
  readonly maxIdLength: number;
  readonly onInvalidId: InvalidIdHandler;
  readonly hashUserId: ((userId: string) => string) | undefined;
  readonly userIdKeys: readonly string[];
  readonly sessionIdKeys: readonly string[];
  readonly baggage: BaggagePolicy;
}

const warnInvalidId: InvalidIdHandler = (field, reason) => {
  warnOnce(
    `invalid-id:${reason}`,
    `dropped an invalid ${field} (${reason}); set configure({ onInvalidId }) to see each one.`,
  );
};

function resolveHash(option: HashUserIdOption | undefined): ((userId: string) => string) | undefined {
  if (!option) return undefined;
  if (typeof option === 'function') return option;
  if (option === true) return (id) => createHash('sha256').update(id).digest('hex');
  const { secret } = option;
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('sessionscope: hashUserId.secret must be a non-empty string');
  }
  return (id) => createHmac('sha256', secret).update(id).digest('hex');
}

/** The keys of the profile named `name`; `undefined` for any other name, `'toString'` included. */
function profileKeys(name: string): AttributeKeys | undefined {
  return Object.hasOwn(ATTRIBUTE_PROFILES, name) ? ATTRIBUTE_PROFILES[name as AttributeProfile] : undefined;
}

function resolveAttributeKeys(entries: ReadonlyArray<AttributeProfile | AttributeKeys>): {
  userIdKeys: string[];
  sessionIdKeys: string[];
} {
  const userIdKeys = new Set<string>(['user.id']);
  const sessionIdKeys = new Set<string>(['session.id']);
  for (const entry of entries) {
    const keys = typeof entry === 'string' ? profileKeys(entry) : entry;
    if (keys === undefined) throw new TypeError(`sessionscope: unknown attribute profile ${String(entry)}`);
    if (keys.userId) userIdKeys.add(keys.userId);
    if (keys.sessionId) sessionIdKeys.add(keys.sessionId);
  }
  return { userIdKeys: [...userIdKeys], sessionIdKeys: [...sessionIdKeys] };
}

function resolve(raw: SessionscopeOptions): ResolvedOptions {
  const maxIdLength = raw.maxIdLength ?? DEFAULT_OPTIONS.maxIdLength;
  if (!Number.isInteger(maxIdLength) || maxIdLength < 1) {
    throw new RangeError(`sessionscope: maxIdLength must be a positive integer, got ${String(maxIdLength)}`);
  }
  return {
    raw,
    maxIdLength,
    onInvalidId: raw.onInvalidId ?? warnInvalidId,
    hashUserId: resolveHash(raw.hashUserId ?? DEFAULT_OPTIONS.hashUserId),
    ...resolveAttributeKeys(raw.attributes ?? DEFAULT_OPTIONS.attributes),
    baggage: resolveBaggage(raw.baggage, DEFAULT_OPTIONS.baggage),
  };
}

/** The current options, resolved. */
export function currentOptions(): ResolvedOptions {
  state.options ??= resolve({});
  return state.options;
}

/**
 * Sets global options. Each call merges into the current options: keys you omit keep their value,
 * keys given as `undefined` return to their default. `baggage` merges one level deeper: `read` and
 * `write` are kept or replaced independently (a later `configure({ baggage: { write } })` keeps an
 * earlier `read`), and a half given as `undefined` is off again. Throws at set-up (and keeps the
 * current options) for an invalid `maxIdLength`, an empty HMAC secret or an unknown attribute profile.
 *
 * @example
 * ```ts
 * // prelude: declare const metrics: { increment(name: string, tags: Record<string, string>): void };
 * import { configure } from '@sessionscope/core';
 *
 * configure({
 *   hashUserId: { secret: process.env.USER_ID_SECRET! },
 *   attributes: ['langfuse'],
 *   onInvalidId: (field, reason) => metrics.increment('invalid_id', { field, reason }),
 * });
 * ```
 */
export function configure(options: SessionscopeOptions): void {
  const current = currentOptions().raw;
  const merged: SessionscopeOptions = { ...current, ...options };
  if (options?.baggage !== undefined) merged.baggage = mergeBaggageOption(current.baggage, options.baggage);
  state.options = resolve(merged);
}

/**
 * Restores every default. Meant for tests.
 *
 * @example
 * ```ts
 * import { resetConfiguration } from '@sessionscope/core';
 * import { afterEach } from 'vitest';
 *
 * afterEach(() => resetConfiguration());
 * ```
 */
export function resetConfiguration(): void {
  state.options = undefined;
}
