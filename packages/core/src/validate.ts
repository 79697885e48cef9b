import { currentOptions, type IdField, type InvalidIdReason, type ResolvedOptions } from './options';

// Unicode category Cc: C0 controls (TAB included), DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Marks an id that was dropped. */
export const INVALID: unique symbol = Symbol('sessionscope.invalid');

/** What an id normalises to: a value, `null` (clear the key), `undefined` (omitted) or {@link INVALID}. */
export type NormalizedId = string | null | undefined | typeof INVALID;

/** Where an id came from; ids read from an HTTP header may not contain a comma. */
export type IdSource = 'value' | 'header';

/** Calls `onInvalidId`, swallowing whatever it throws. */
export function reportInvalidId(field: IdField, reason: InvalidIdReason, options = currentOptions()): void {
  try {
    options.onInvalidId(field, reason);
  } catch {
    // A throwing callback must never fail the caller or the request.
  }
}

function reasonToDrop(
  value: string,
  source: IdSource,
  options: ResolvedOptions,
): InvalidIdReason | undefined {
  if (value.length === 0) return 'empty';
  if (value.length > options.maxIdLength) return 'too-long';
  if (CONTROL_CHARACTER.test(value)) return 'control-character';
  if (source === 'header' && value.includes(',')) return 'ambiguous';
  return undefined;
}

/**
 * Validates one id and applies pseudonymisation to user ids. Invalid ids are reported through
 * `onInvalidId` and come back as {@link INVALID}; this function never throws.
 */
export function normalizeId(
  field: IdField,
  value: unknown,
  source: IdSource = 'value',
  options: ResolvedOptions = currentOptions(),
): NormalizedId {
  if (value === undefined || value === null) return value;
  let id: string;
  if (typeof value === 'string') id = value;
  else if (typeof value === 'number' && Number.isFinite(value)) id = String(value);
  else return drop(field, 'invalid-type', options);

  const reason = reasonToDrop(id, source, options);
  if (reason !== undefined) return drop(field, reason, options);
  const hash = field === 'userId' ? options.hashUserId : undefined;
  return hash === undefined ? id : pseudonymise(id, hash, options);
}

/** The hashed user id; a hash function that throws or returns no usable string drops the id. */
function pseudonymise(id: string, hash: (userId: string) => string, options: ResolvedOptions): NormalizedId {
  let hashed: unknown;
  try {
    hashed = hash(id);
  } catch {
    return drop('userId', 'hash-error', options);
  }
  if (typeof hashed !== 'string' || hashed.length === 0 || CONTROL_CHARACTER.test(hashed)) {
    return drop('userId', 'hash-error', options);
  }
  return hashed;
}

function drop(field: IdField, reason: InvalidIdReason, options: ResolvedOptions): typeof INVALID {
  reportInvalidId(field, reason, options);
  return INVALID;
}
