import { warnOnce } from '../warn-once';

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
