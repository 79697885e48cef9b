import { warnOnce } from '../warn-once';

/** An HTTP field name (RFC 9110 `token`), what Node's `setHeader` and the fetch `Headers` accept. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The `sessionHeader` option as the lower-case name adapters read and write, or `undefined` for
 * `false`. Throws a `TypeError` at set-up for a name no HTTP header can have, which would otherwise
 * fail every request that sends the session id back.
 */
export function sessionHeaderName(option: string | false): string | undefined {
  if (option === false) return undefined;
  if (typeof option !== 'string' || !HEADER_NAME.test(option)) {
    throw new TypeError(`sessionscope: sessionHeader ${JSON.stringify(option)} is not an HTTP header name`);
  }
  return option.toLowerCase();
}

/**
 * What Node's `setHeader` refuses in a header value (`checkInvalidHeaderChar` in
 * `lib/_http_common.js`): anything but TAB, 0x20-0x7E and 0x80-0xFF. It covers all the fetch
 * `Headers` refuses too: a code unit above 0xFF (ByteString conversion), NUL, CR and LF.
 */
const REFUSED_IN_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * A value the receiver would not read back as it is: one {@link REFUSED_IN_HEADER_VALUE} matches,
 * or one that starts or ends with SP or TAB, which HTTP parsers strip from a field value (RFC 9110
 * OWS) and the fetch `Headers` strip when setting it. One test for the common, sendable case.
 */
const NOT_SENT_AS_IT_IS = /^[\t ]|[\t ]$|[^\t\x20-\x7e\x80-\xff]/;

/** Why `sessionId` cannot be sent back as it is, for the warning (never the id itself). */
function unsendableBecause(sessionId: string): string {
  return REFUSED_IN_HEADER_VALUE.test(sessionId)
    ? 'it has characters an HTTP header cannot carry (above U+00FF). Spans still carry it; generate ' +
        'or accept ids in Latin-1 (a UUID, or a percent-encoded form) to send them back.'
    : 'it starts or ends with a space or a tab, which HTTP strips from header values, so the client ' +
        'would resume a different id. Spans still carry it; trim ids, or generate ids without ' +
        'surrounding whitespace, to send them back.';
}

/**
 * `sessionId` when Node and the fetch `Headers` can both send it in the `header` response header
 * and the client reads back the same id, else `undefined`, with one warning per process. Such an id
 * (with a character above U+00FF, or a space or tab at either end, which HTTP strips; from a custom
 * extractor or generator, or percent-decoded baggage) stays the request's session id for spans; it
 * is only not sent back. Validation already dropped ids with control characters (TAB included).
 */
export function sendableSessionId(sessionId: string | undefined, header: string): string | undefined {
  if (sessionId === undefined || !NOT_SENT_AS_IT_IS.test(sessionId)) return sessionId;
  warnOnce(
    'unsendable-session-id',
    `a session id was not sent back in the ${header} response header: ${unsendableBecause(sessionId)}`,
  );
  return undefined;
}
