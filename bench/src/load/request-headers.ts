/** The user every benchmark request authenticates as. */
export const BENCH_USER_ID = 'user-4711';

/** The session every benchmark request belongs to. */
export const BENCH_SESSION_ID = '3f0c9a52-8a4e-4c8e-9b61-2f5d8c7e1a90';

/** Headers of each benchmark request: what a browser-based client of a JSON API sends. */
export const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  authorization: `Bearer ${BENCH_USER_ID}`,
  'x-session-id': BENCH_SESSION_ID,
};

/** The route every variant serves. */
export const ROUTE = '/hello';
