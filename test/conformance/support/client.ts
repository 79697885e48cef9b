import { Agent, get, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

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

/** A request of {@link pipelinedGet}. */
export interface PipelinedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Sends `requests` pipelined (HTTP/1.1): written at once on one socket, before any response has
 * arrived, so the server queues each response behind the one before. The last one asks the server to
 * close the connection; resolves with everything the server sent.
 */
export function pipelinedGet(url: string, requests: readonly PipelinedRequest[]): Promise<string> {
  const { hostname, port } = new URL(url);
  const head = (request: PipelinedRequest, last: boolean) =>
    [
      `GET ${request.path} HTTP/1.1`,
      `host: ${hostname}:${port}`,
      ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
      ...(last ? ['connection: close'] : []),
      '',
      '',
    ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(requests.map((request, index) => head(request, index === requests.length - 1)).join(''));
    });
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}
