import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { UserSessionSpanProcessor } from '@sessionscope/core';

/** Span attribute that names the test request a span was recorded for (set by the handler). */
export const REQUEST_ATTRIBUTE = 'test.request';

/** The SDK's in-memory exporter, also indexing the spans by test request as they finish. */
class IndexingSpanExporter extends InMemorySpanExporter {
  readonly byRequest = new Map<string, ReadableSpan[]>();

  override export(
    spans: ReadableSpan[],
    resultCallback: Parameters<InMemorySpanExporter['export']>[1],
  ): void {
    for (const span of spans) {
      const requestId = span.attributes[REQUEST_ATTRIBUTE];
      if (typeof requestId !== 'string') continue;
      const list = this.byRequest.get(requestId);
      if (list === undefined) this.byRequest.set(requestId, [span]);
      else list.push(span);
    }
    super.export(spans, resultCallback);
  }
}

/** Every finished span of the run, in memory. */
const exporter = new IndexingSpanExporter();

const provider = new BasicTracerProvider({
  spanProcessors: [new UserSessionSpanProcessor(), new SimpleSpanProcessor(exporter)],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);

/** The tracer every harness handler records spans with. */
export const tracer = trace.getTracer('sessionscope-conformance');

/** Finished spans recorded for the test request `requestId`, in the order they ended. */
export function spansOf(requestId: string): readonly ReadableSpan[] {
  return exporter.byRequest.get(requestId) ?? [];
}
