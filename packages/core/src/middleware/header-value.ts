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
 * `sessionId` when Node and the fetch `Headers` can both send it in the `header` response header,
 * else `undefined`, with one warning per process. Such an id (any character above U+00FF, from a
 * custom extractor or generator, or percent-decoded baggage) stays the request's session id for
 * spans; it is only not sent back. Validation already dropped ids with control characters.
 */
export function sendableSessionId(sessionId: string | undefined, header: string): string | undefined {
  if (sessionId === undefined || !REFUSED_IN_HEADER_VALUE.test(sessionId)) return sessionId;
  warnOnce(
    'unsendable-session-id',
    `a session id was not sent back in the ${header} response header: it has characters an HTTP ` +
      'header cannot carry (above U+00FF). Spans still carry it; generate or accept ids in ' +
      'Latin-1 (a UUID, or a percent-encoded form) to send them back.',
  );
  return undefined;
}
