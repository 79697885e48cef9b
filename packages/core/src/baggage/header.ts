/** Marks a key that occurs more than once in a `baggage` header. */
export const DUPLICATE: unique symbol = Symbol('sessionscope.baggage.duplicate');

const EQUALS = 0x3d; // '='
const SPACE = 0x20;
const TAB = 0x09;

function isOws(code: number): boolean {
  return code === SPACE || code === TAB;
}

function skipOws(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isOws(text.charCodeAt(i))) i++;
  return i;
}

function trimOwsEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isOws(text.charCodeAt(end - 1))) end--;
  return end;
}

function endOf(text: string, separator: ',' | ';', from: number, to: number): number {
  const found = text.indexOf(separator, from);
  return found === -1 || found > to ? to : found;
}

/**
 * The raw (still percent-encoded) value of list member `key` between `start` and `end`, or
 * `undefined` when the member has another key or no `=`.
 */
function memberValue(header: string, key: string, start: number, end: number): string | undefined {
  const keyStart = skipOws(header, start, end);
  if (!header.startsWith(key, keyStart)) return undefined;
  const afterKey = skipOws(header, keyStart + key.length, end);
  if (afterKey >= end || header.charCodeAt(afterKey) !== EQUALS) return undefined;
  const valueStart = skipOws(header, afterKey + 1, end);
  const valueEnd = trimOwsEnd(header, valueStart, endOf(header, ';', valueStart, end));
  return header.slice(valueStart, valueEnd);
}

/**
 * Finds the value of `key` in a W3C `baggage` header (list members separated by commas, as Node
 * joins repeated headers), percent-decoded. Returns `undefined` when the key is absent or its member
 * is malformed (a bad percent-escape), {@link DUPLICATE} when the key occurs more than once.
 * Members of other keys are skipped without allocating. Never throws.
 *
 * @example
 * ```ts
 * import { baggageValue } from './header';
 *
 * baggageValue('session.id=s%201;p=1, user.id=u', 'session.id'); // 's 1'
 * ```
 */
export function baggageValue(header: string, key: string): string | undefined | typeof DUPLICATE {
  let raw: string | undefined;
  let start = 0;
  while (start <= header.length) {
    const end = endOf(header, ',', start, header.length);
    const value = memberValue(header, key, start, end);
    if (value !== undefined) {
      if (raw !== undefined) return DUPLICATE;
      raw = value;
    }
    start = end + 1;
  }
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
