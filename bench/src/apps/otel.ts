import { type Attributes, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

type ExportCallback = Parameters<SpanExporter['export']>[1];

/** Accepts every span and drops it, remembering only how many there were and the last one's attributes. */
export class DiscardingExporter implements SpanExporter {
  exported = 0;
  lastAttributes: Attributes | undefined;

  export(spans: ReadableSpan[], done: ExportCallback): void {
    this.exported += spans.length;
    this.lastAttributes = spans.at(-1)?.attributes;
    done({ code: 0 });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Registers OpenTelemetry's `AsyncLocalStorageContextManager`, as every Node SDK set-up does. */
export function enableOtelContext(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/** A registered SDK whose spans go to a {@link DiscardingExporter}. */
export interface OtelSdk {
  readonly exporter: DiscardingExporter;
  /** Exports every queued span, so that none is held when the heap is measured. */
  flush(): Promise<void>;
}

/**
 * Registers a `BasicTracerProvider` with `processors` followed by a `BatchSpanProcessor` exporting to
 * a {@link DiscardingExporter}, and the `AsyncLocalStorageContextManager`.
 */
export function enableOtelSdk(processors: readonly SpanProcessor[]): OtelSdk {
  const exporter = new DiscardingExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...processors, new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  enableOtelContext();
  return { exporter, flush: () => provider.forceFlush() };
}
