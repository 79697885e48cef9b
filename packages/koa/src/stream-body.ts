import { AsyncResource } from 'node:async_hooks';
import { Stream } from 'node:stream';

interface PullStream {
  _read(size: number): void;
}

function isPullStream(body: unknown): body is Stream & PullStream {
  return body instanceof Stream && typeof (body as Partial<PullStream>)._read === 'function';
}

/**
 * Makes a stream body produce its data in the current (the request's) async context. Koa reads
 * bodies after the middleware chain has returned, outside the request's context, so a body such as
 * `Readable.from(generator())` would otherwise run its generator without the request's identity.
 */
export function produceStreamBodyInContext(body: unknown): void {
  if (isPullStream(body)) body._read = AsyncResource.bind(body._read, 'sessionscope.koa.body', body);
}
