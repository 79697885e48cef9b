import { Agent, get, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

/** One response read to its end over a raw `node:http` request. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Whether the request went over a socket an earlier request had used (keep-alive). */
  readonly reusedSocket: boolean;
}

/** GETs `url` with `headers` through `agent` (keep-alive clients share one). */
export function rawGet(url: string, headers: OutgoingHttpHeaders, agent?: Agent): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          reusedSocket: request.reusedSocket,
        }),
      );
    });
    request.on('error', reject);
  });
}

/** GETs `url`, and destroys the connection as soon as the first body chunk has arrived. */
export function abortAfterFirstChunk(url: string, headers: OutgoingHttpHeaders): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers, agent: false }, (response) => {
      response.once('data', (chunk: Buffer) => {
        request.destroy();
        resolve(chunk.toString('utf8'));
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!request.destroyed) reject(error);
    });
  });
}

/** A client that sends every request over one kept-alive socket. */
export function singleSocketAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}
