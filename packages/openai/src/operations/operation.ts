import type { Attributes, Span } from '@opentelemetry/api';

/** A request body as the caller passed it; only read, never changed. */
export type RequestBody = Readonly<Record<string, unknown>>;

/** Collects the events of one streamed response, then records what they add up to. */
export interface StreamRecorder {
  /** Called with every event the caller receives, in order. Must not change the event. */
  onEvent(event: unknown): void;
  /** Records what was received so far on `span` (called once, before the span ends). */
  finish(span: Span): void;
}

/** What one instrumented API method contributes to its span. */
export interface GenAIOperation {
  /** Adds the attributes known before the call (the request's model and settings) to `attributes`. */
  requestAttributes(body: RequestBody, attributes: Attributes, captureContent: boolean): void;
  /** Records a complete, non-streamed response on `span`. */
  recordResponse(span: Span, response: unknown, captureContent: boolean): void;
  /** A recorder for one streamed response. */
  streamRecorder(captureContent: boolean): StreamRecorder;
}
