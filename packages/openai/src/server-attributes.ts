import type { Attributes } from '@opentelemetry/api';
import { ATTR } from './semconv';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'https:': 443, 'http:': 80 };

/**
 * `server.address` and `server.port` of the client's `baseURL` (OpenAI or any compatible server),
 * computed once per instrumented client. Empty when the URL cannot be read.
 */
export function serverAttributes(baseURL: unknown): Attributes {
  if (typeof baseURL !== 'string') return {};
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return {};
  }
  const address = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  const attributes: Attributes = { [ATTR.SERVER_ADDRESS]: address };
  if (port !== undefined) attributes[ATTR.SERVER_PORT] = port;
  return attributes;
}
