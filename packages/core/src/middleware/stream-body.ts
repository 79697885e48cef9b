import { AsyncResource } from 'node:async_hooks';

type Read = (size: number) => void;

const UNBOUND_READ = Symbol('sessionscope.unbound-read');

/** A Node readable stream: it makes its data in `_read`, whenever its consumer asks for more. */
interface PullStream {
  _read: Read;
  /** Node's (and readable-stream's) bookkeeping; `pipes` lists the streams it is piped into. */
  readonly _readableState?: { readonly pipes?: unknown; readonly pipesCount?: number };
  /** The stream's own `_read`, while a bound one stands in for it. */
  [UNBOUND_READ]?: Read;
}

function isPullStream(stream: unknown): stream is PullStream {
  return typeof (stream as Partial<PullStream> | null)?._read === 'function';
}

/** The one stream `stream` is piped into; `undefined` when it is piped into none, or several. */
function soleDestination(stream: PullStream): unknown {
  const state = stream._readableState;
  const pipes = state?.pipes;
  if (Array.isArray(pipes)) return pipes.length === 1 ? pipes[0] : undefined;
  return state?.pipesCount === 1 ? pipes : undefined; // readable-stream 2 and 3 keep a lone one unwrapped
}

/** Puts the stream's own `_read` back, if a bound one stands in for it. */
function unbind(stream: PullStream): void {
  const read = stream[UNBOUND_READ];
  if (read === undefined) return;
  stream._read = read;
  stream[UNBOUND_READ] = undefined;
}

/**
 * Makes a Node readable stream produce its data in the current async context (the request's
 * identity and the active span) while it is piped into one destination only: for adapters, on a
 * response's `pipe` event. A piped stream reads its source again whenever the response drains, in
 * the context of whatever made it drain (for an HTTP/1.1 request pipelined behind another, the end
 * of that other request), so a body such as `Readable.from(generator())` or
 * `Readable.fromWeb(llmStream)` would otherwise make its later chunks without its request's
 * identity, or with another's.
 *
 * A stream is bound at most once, and only to the context of its sole destination: piped into a
 * second one (a broadcast stream shared by many responses), or read after its destination has gone,
 * it gets its own `_read` back and reads in whatever context reads it, never as one of its
 * consumers. Anything that is not a readable stream piped into exactly one destination is left alone.
 *
 * @example
 * ```ts
 * // prelude: declare const res: import('express').Response;
 * import { produceStreamBodyInContext } from '@sessionscope/core/adapter';
 *
 * // Express: the handler pipes inside the request's context.
 * res.on('pipe', produceStreamBodyInContext);
 * ```
 */
export function produceStreamBodyInContext(stream: unknown): void {
  if (!isPullStream(stream)) return;
  unbind(stream);
  const destination = soleDestination(stream);
  if (destination === undefined) return;
  const read = stream._read;
  const context = new AsyncResource('sessionscope.stream-body');
  stream[UNBOUND_READ] = read;
  stream._read = function readInContext(this: PullStream, size: number): void {
    if (soleDestination(stream) === destination) {
      context.runInAsyncScope(read, this, size);
      return;
    }
    unbind(stream); // a second consumer, or none: from now on it reads as whoever reads it
    read.call(this, size);
  };
}
