import { isDeepStrictEqual } from 'node:util';
import { VARIANT_TRAITS } from '../apps/variants';
import { BENCH_SESSION_ID, BENCH_USER_ID, REQUEST_HEADERS } from './request-headers';
import type { ServerSpans } from './server-process';
import type { BenchServer } from './servers';

/**
 * Checks that `server` does what its variant claims before it is measured: the handler sees the
 * identity (except in the bare variant), and with an SDK the exported span carries it.
 */
export async function verifyServer(server: BenchServer): Promise<void> {
  const where = `${server.framework}/${server.variant}`;
  const response = await fetch(server.url, { headers: REQUEST_HEADERS });
  const body: unknown = await response.json();
  const expected =
    VARIANT_TRAITS[server.variant].identityStep === 'none'
      ? { hello: 'world' }
      : { hello: 'world', userId: BENCH_USER_ID, sessionId: BENCH_SESSION_ID };
  if (response.status !== 200 || !isDeepStrictEqual(body, expected)) {
    throw new Error(
      `${where} answered ${response.status} ${JSON.stringify(body)}, expected ${JSON.stringify(expected)}`,
    );
  }
  const spans = await server.process.request<ServerSpans | null>('spans');
  if (spans === null) return;
  const attributes = spans.lastAttributes ?? {};
  if (attributes['user.id'] !== BENCH_USER_ID || attributes['session.id'] !== BENCH_SESSION_ID) {
    throw new Error(`${where} exported a span without the identity: ${JSON.stringify(attributes)}`);
  }
}
