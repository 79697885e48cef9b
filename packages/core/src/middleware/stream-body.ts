import { AsyncResource } from 'node:async_hooks';

/** A Node readable stream: it makes its data in `_read`, whenever its consumer asks for more. */
interface PullStream {
  _read(size: number): void;
}

function isPullStream(stream: unknown): stream is PullStream {
  return typeof (stream as Partial<PullStream> | null)?._read === 'function';
}

/**
 * Makes a Node readable stream produce its data in the current async context: the request's
 * identity and the active span. For adapters, on a response's `pipe` event. A piped stream reads its
 * source again whenever the response drains, in the context of whatever made it drain (for an
 * HTTP/1.1 request pipelined behind another, the end of that other request), so a body such as
 * `Readable.from(generator())` or `Readable.fromWeb(llmStream)` would otherwise make its later
 * chunks without its request's identity, or with another's. Anything that is not a readable stream
 * is left alone.
 *
 * @example
 * ```ts
 * // Express: the handler pipes inside the request's context.
 * res.on('pipe', produceStreamBodyInContext);
 * ```
 */
export function produceStreamBodyInContext(stream: unknown): void {
  if (isPullStream(stream)) {
    stream._read = AsyncResource.bind(stream._read, 'sessionscope.stream-body', stream);
  }
}
