import type { LlmCall } from './llm-call';
import type { StreamRecorder } from './operations/operation';

type AnyAsyncIterator = AsyncIterator<unknown, unknown, unknown>;

/**
 * Follows one streamed response: records every event the caller receives and ends the call's span when
 * the stream is read to the end, fails, is left early (`break`, `return()`) or is aborted through its
 * `controller`. Values and errors pass through unchanged.
 */
class StreamObserver {
  private readonly recorder: StreamRecorder;
  /** `next()` calls in flight: an abort seen meanwhile is settled by them (as an end or an error). */
  private pending = 0;

  constructor(
    private readonly call: LlmCall,
    /** The stream's abort signal, listened to until the span ends. */
    private readonly signal: AbortSignal | undefined,
  ) {
    this.recorder = call.streamRecorder();
  }

  /** Listens for an abort through the stream's `controller`; ends the span at once if it is aborted already. */
  listenForAbort(): void {
    if (this.signal?.aborted) this.finish();
    else this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  readonly finish = (error?: unknown): void => {
    if (this.call.isEnded) return;
    this.signal?.removeEventListener('abort', this.onAbort);
    try {
      this.recorder.finish(this.call.span);
    } catch {
      // Keep what was recorded.
    }
    if (error === undefined) this.call.end();
    else this.call.fail(error);
  };

  /** The caller aborted through `stream.controller` while not waiting for an event. */
  readonly onAbort = (): void => {
    if (this.pending === 0) this.finish();
  };

  private readonly onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> => {
    this.pending--;
    if (result.done) {
      this.finish();
    } else {
      try {
        this.recorder.onEvent(result.value);
      } catch {
        // An event of an unexpected shape: keep streaming.
      }
    }
    return result;
  };

  private readonly onError = (error: unknown): never => {
    this.pending--;
    this.finish(error);
    throw error;
  };

  /** `inner`, observed. */
  wrap(inner: AnyAsyncIterator): AsyncIterableIterator<unknown> {
    const iterator: AsyncIterableIterator<unknown> = {
      next: (value?: unknown) => {
        this.pending++;
        try {
          return inner.next(value).then(this.onResult, this.onError);
        } catch (error) {
          return this.onError(error);
        }
      },
      return: (value?: unknown) => {
        try {
          const returned = inner.return?.(value);
          this.finish();
          return returned ?? Promise.resolve({ done: true, value });
        } catch (error) {
          this.finish(error);
          throw error;
        }
      },
      throw: (error?: unknown) => {
        this.pending++;
        try {
          const thrown = inner.throw?.(error);
          if (thrown !== undefined) return thrown.then(this.onResult, this.onError);
        } catch (thrownError) {
          return this.onError(thrownError);
        }
        return this.onError(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

/** The stream's abort signal: the platform's, or a polyfill's (the v4 SDK on Node 18 without fetch). */
function abortSignalOf(stream: { controller?: unknown }): AbortSignal | undefined {
  const signal = (stream.controller as { signal?: Partial<AbortSignal> } | undefined)?.signal;
  return typeof signal?.addEventListener === 'function' && typeof signal.aborted === 'boolean'
    ? (signal as AbortSignal)
    : undefined;
}

/**
 * Observes a streamed response in place: the SDK's `Stream` keeps its class, `controller`, `tee()`
 * and `toReadableStream()`; only the iterator it hands out is wrapped. Returns `false` when `response`
 * is not a stream.
 */
export function observeStream(response: unknown, call: LlmCall): boolean {
  if (typeof response !== 'object' || response === null) return false;
  const stream = response as { iterator?: unknown; controller?: unknown; [Symbol.asyncIterator]?: unknown };
  // The SDK's Stream (v4 to v6) creates its iterators with an own `iterator` factory: `for await`,
  // `tee()` and `toReadableStream()` all go through it.
  const key: 'iterator' | typeof Symbol.asyncIterator =
    Object.hasOwn(stream, 'iterator') && typeof stream.iterator === 'function'
      ? 'iterator'
      : Symbol.asyncIterator;
  const factory = stream[key];
  if (typeof factory !== 'function') return false;
  const observer = new StreamObserver(call, abortSignalOf(stream));
  Object.defineProperty(stream, key, {
    configurable: true,
    enumerable: key === 'iterator',
    writable: true,
    value: function observedIterator(this: unknown, ...args: unknown[]) {
      return observer.wrap(factory.apply(this, args));
    },
  });
  observer.listenForAbort();
  return true;
}
