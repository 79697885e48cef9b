import { context, trace as otelTrace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { UserSessionSpanProcessor } from '../../src/index';

/** A real SDK registered globally: the sessionscope processor, then an in-memory exporter. */
export interface TestTracing {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  /** A tracer of the registered provider, for spans not started by `trace()`. */
  readonly tracer: Tracer;
  /** The ended spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one ended span named `name`; fails when there is none or more than one. */
  span(name: string): ReadableSpan;
}

/** Registers a `BasicTracerProvider` with `AsyncLocalStorageContextManager` for this test file. */
export function registerTestTracing(withProcessor = true): TestTracing {
  const exporter = new InMemorySpanExporter();
  const spanProcessors = [new SimpleSpanProcessor(exporter)];
  const provider = new BasicTracerProvider({
    spanProcessors: withProcessor ? [new UserSessionSpanProcessor(), ...spanProcessors] : spanProcessors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  otelTrace.setGlobalTracerProvider(provider);
  return {
    exporter,
    provider,
    tracer: provider.getTracer('test'),
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
      return found[0]!;
    },
  };
}

/** The parent span id of `span`, if any. */
export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The span id of `span`. */
export function idOf(span: ReadableSpan): string {
  return span.spanContext().spanId;
}
