import { AsyncResource } from 'node:async_hooks';
import { Stream } from 'node:stream';

interface PullStream {
  _read(size: number): void;
}

function isPullStream(body: unknown): body is Stream & PullStream {
  return body instanceof Stream && typeof (body as Partial<PullStream>)._read === 'function';
}

/**
 * Makes a stream produce its data in the current (the request's) async context. Koa pipes a body to
 * the response after the middleware chain has returned, outside the request's context, and a stream
 * reads its source again whenever the socket drains, so a body such as `Readable.from(generator())`
 * (or the stream Koa 3 makes of a web `ReadableStream`) would otherwise run its source without the
 * request's identity.
 */
export function produceStreamBodyInContext(body: Stream): void {
  if (isPullStream(body)) body._read = AsyncResource.bind(body._read, 'sessionscope.koa.body', body);
}
