import type {
  ReadableStreamDefaultController,
  ReadableStreamDefaultReader,
  ReadableStreamReadResult,
  UnderlyingSource,
} from 'node:stream/web';
import type { TracedCall } from './traced-call';

type Controller = ReadableStreamDefaultController<unknown>;
type Reader = ReadableStreamDefaultReader<unknown>;

/** A web `ReadableStream` of this realm (Node 18+ has it as a global). */
export function isReadableStream(value: object): value is ReadableStream<unknown> {
  return typeof ReadableStream === 'function' && value instanceof ReadableStream;
}

const readOnce = (source: TracedSource, controller: Controller): Promise<void> => {
  source.controller = controller;
  return source.reader.read().then(source.onChunk, source.onError);
};
const cancelReader = (reader: Reader, reason: unknown): Promise<void> => reader.cancel(reason);

/** Pulls from the original stream on demand, each read in the call's context. */
class TracedSource implements UnderlyingSource<unknown> {
  controller: Controller | undefined;

  readonly onChunk = (chunk: ReadableStreamReadResult<unknown>): void => {
    if (chunk.done) {
      this.controller!.close();
      this.call.succeed();
    } else {
      this.controller!.enqueue(chunk.value);
    }
  };

  readonly onError = (error: unknown): void => {
    this.call.fail(error);
    this.controller!.error(error);
  };

  constructor(
    readonly reader: Reader,
    private readonly call: TracedCall,
  ) {}

  pull(controller: Controller): Promise<void> {
    return this.call.run(readOnce, this, controller);
  }

  cancel(reason: unknown): Promise<void> {
    const call = this.call;
    return this.call.run(cancelReader, this.reader, reason).then(
      () => call.succeed(),
      (error: unknown) => {
        call.fail(error);
        throw error;
      },
    );
  }
}

/**
 * A stream with the chunks of `stream` that keeps the span of the call that returned it open until the
 * stream is fully read, errors, or is cancelled. It pulls lazily (high-water mark 0): each read of the
 * consumer reads the original once, in the call's context.
 */
export function traceReadableStream(
  stream: ReadableStream<unknown>,
  call: TracedCall,
): ReadableStream<unknown> {
  return new ReadableStream(new TracedSource(stream.getReader(), call), { highWaterMark: 0 });
}
