import type { BaggageDestinations } from '../options';

/** Decides whether a request to `url` may carry the identity. */
export type DestinationFilter = (url: URL) => boolean;

/** Allows no destination. */
export const NOWHERE: DestinationFilter = () => false;

function originOf(entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new TypeError(
      `sessionscope: baggage propagateTo entry ${JSON.stringify(entry)} is not an origin like 'https://chat.internal:8443'`,
    );
  }
  const isOriginOnly =
    url.origin !== 'null' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '';
  if (!isOriginOnly) {
    throw new TypeError(
      `sessionscope: baggage propagateTo entry ${JSON.stringify(entry)} must be an origin (scheme, host, port); ` +
        'pass a function to decide on paths',
    );
  }
  return url.origin;
}

/** A copy without the stateful `g` / `y` flags, so `test()` gives the same answer on every call. */
function statelessCopy(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/**
 * Compiles `propagateTo` once, at configuration time: origins go into a set, RegExps are tested
 * against the destination's origin (never the whole URL, so a query string cannot make a host match).
 * Throws a `TypeError` for an entry that is not an origin or a RegExp.
 */
export function compileDestinations(destinations: BaggageDestinations): DestinationFilter {
  if (typeof destinations === 'function') return destinations;
  if (!Array.isArray(destinations)) {
    throw new TypeError(
      'sessionscope: baggage propagateTo must be a function or a list of origins and RegExps',
    );
  }
  const origins = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of destinations as ReadonlyArray<unknown>) {
    if (entry instanceof RegExp) patterns.push(statelessCopy(entry));
    else if (typeof entry === 'string') origins.add(originOf(entry));
    else
      throw new TypeError(
        `sessionscope: baggage propagateTo entry ${String(entry)} is not a string or RegExp`,
      );
  }
  if (origins.size === 0 && patterns.length === 0) return NOWHERE;
  return (url) => {
    const origin = url.origin;
    if (origins.has(origin)) return true;
    for (let i = 0; i < patterns.length; i++) if (patterns[i]!.test(origin)) return true;
    return false;
  };
}
