import { context, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { UserSessionSpanProcessor } from '@sessionscope/core';

/** The real OpenTelemetry SDK, registered globally, exporting to memory. */
export interface TestTracing {
  readonly exporter: InMemorySpanExporter;
  /** A tracer of the same provider, for parent spans started by the test. */
  readonly tracer: Tracer;
  /** Ended spans with the given name. */
  spansNamed(name: string): ReadableSpan[];
  /** The one ended span with the given name; fails the test when there is not exactly one. */
  onlySpan(name: string): ReadableSpan;
  shutdown(): Promise<void>;
}

/** Registers `BasicTracerProvider` (+ `UserSessionSpanProcessor`) and the async-hooks context manager. */
export function setUpTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new UserSessionSpanProcessor(), new SimpleSpanProcessor(exporter)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  const spansNamed = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);
  return {
    exporter,
    tracer: provider.getTracer('test'),
    spansNamed,
    onlySpan(name) {
      const spans = spansNamed(name);
      if (spans.length !== 1) {
        const names = exporter.getFinishedSpans().map((span) => span.name);
        throw new Error(`expected one span "${name}", got ${spans.length} (all: ${names.join(', ')})`);
      }
      return spans[0]!;
    },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** Waits until `condition()` holds, checking after each turn of the event loop (bounded). */
export async function eventually(condition: () => boolean, turns = 500): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not met');
}
