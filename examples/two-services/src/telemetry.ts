/**
 * OpenTelemetry for one service, loaded with `node --import ./src/telemetry.ts` before the service's
 * own code, so that `@opentelemetry/instrumentation-http` patches `http` before Express or Hono's
 * node server load it.
 *
 * - Spans: `UserSessionSpanProcessor` stamps `user.id` / `session.id` on every span; spans go out
 *   over OTLP/HTTP to `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, named by `OTEL_SERVICE_NAME`.
 * - Propagation: W3C trace context, and W3C baggage through `UserSessionBaggagePropagator`, which
 *   adds the identity only for destinations the service's `configure({ baggage })` allows.
 * - Instrumentations: `http` (servers and `http.request`) and undici (`fetch`). The
 *   import-in-the-middle hook lets them patch ES modules too (Hono's node server imports `http`).
 */
import { register } from 'node:module';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { UserSessionBaggagePropagator, UserSessionSpanProcessor } from '@sessionscope/core';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'two-services' }),
  spanProcessors: [new UserSessionSpanProcessor(), new BatchSpanProcessor(new OTLPTraceExporter())],
});

provider.register({
  propagator: new CompositePropagator({
    propagators: [
      new W3CTraceContextPropagator(),
      new UserSessionBaggagePropagator(new W3CBaggagePropagator()),
    ],
  }),
});

registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation()],
});

/** Exports the spans still buffered and stops the provider; call it before the process exits. */
export function shutdownTelemetry(): Promise<void> {
  return provider.shutdown();
}
