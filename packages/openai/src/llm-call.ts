import { type Context, type Span, SpanStatusCode } from '@opentelemetry/api';
import type { GenAIOperation, RequestBody, StreamRecorder } from './operations/operation';
import { ATTR } from './semconv';
import { observeStream } from './stream';

/** `error.type`: the HTTP status of an API error, else the error's class name. */
export function errorType(error: unknown): string {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  if (typeof status === 'number') return String(status);
  const name = (error as { constructor?: { name?: unknown } } | null | undefined)?.constructor?.name;
  return typeof name === 'string' && name.length > 0 && name !== 'Object' ? name : '_OTHER';
}

/**
 * The span of one instrumented call, from the request to the end of its response or stream.
 * Every method is safe to call in any order and more than once: the first ending wins, and nothing
 * here throws.
 */
export class LlmCall {
  private ended = false;
  /** Set once the caller asked for the parsed response (not only the raw HTTP response). */
  parseStarted = false;

  constructor(
    readonly span: Span,
    /** The context with {@link span} active, in which the SDK sends the request. */
    readonly context: Context,
    /** The body to send: the caller's, or a copy with the end user passed on. */
    readonly body: RequestBody,
    private readonly operation: GenAIOperation,
    private readonly captureContent: boolean,
  ) {}

  get isEnded(): boolean {
    return this.ended;
  }

  /** Handles the parsed response: wraps a stream's iterator, or records a complete response and ends. */
  settle(response: unknown): void {
    if (this.ended) return;
    try {
      if (this.body.stream === true && observeStream(response, this)) return;
      this.operation.recordResponse(this.span, response, this.captureContent);
    } catch {
      // A response of an unexpected shape: end the span with what it has.
    }
    this.end();
  }

  /** A recorder for the events of this call's stream. */
  streamRecorder(): StreamRecorder {
    return this.operation.streamRecorder(this.captureContent);
  }

  /** Records `error` on the span and ends it. */
  fail(error: unknown): void {
    if (this.ended) return;
    try {
      this.span.setAttribute(ATTR.ERROR_TYPE, errorType(error));
      if (error instanceof Error || typeof error === 'string') this.span.recordException(error);
      const message = error instanceof Error ? error.message : undefined;
      this.span.setStatus(
        message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message },
      );
    } catch {
      // Never fail the caller because the span could not take the error.
    }
    this.end();
  }

  /** Ends the span (once). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.span.end();
    } catch {
      // A broken span implementation must not reach the caller.
    }
  }
}
