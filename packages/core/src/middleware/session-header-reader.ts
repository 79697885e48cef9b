import type { FrameworkBinding } from './request-identity';

/**
 * Request headers of which Node's `IncomingMessage#headers` keeps only the first value when they are
 * repeated (`matchKnownFields` in `lib/_http_incoming.js`; Bun's `node:http` does the same), so a
 * repeated one cannot be told from a single one there.
 */
const FIRST_VALUE_ONLY_ON_NODE: ReadonlySet<string> = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * How a mount reads its session header `name` (lower-case), chosen once at set-up: every value
 * joined with `, ` (so a repeated header is refused as `ambiguous`) through
 * {@link FrameworkBinding.readHeaderValues} for a name whose repeats Node drops, when the binding
 * has it; through {@link FrameworkBinding.readHeader} otherwise, with nothing added per request.
 */
export function sessionHeaderReader<Req>(
  binding: FrameworkBinding<Req>,
  name: string,
): (request: Req) => string | null | undefined {
  if (binding.readHeaderValues === undefined || !FIRST_VALUE_ONLY_ON_NODE.has(name)) {
    return (request) => binding.readHeader(request, name);
  }
  return (request) =>
    binding.readHeaderValues?.(request, name)?.join(', ') ?? binding.readHeader(request, name);
}
