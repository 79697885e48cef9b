import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createChatService } from './chat';
import { llmOptionsFromEnv, startLlm } from './llm-setup';
import type { StartServer } from './server';
import { hrTimeToMs, identityOf } from './spans';
import { setupTelemetry } from './telemetry';

/** The defaults of {@link runExample}, in one place. */
export const DEFAULT_RUN_OPTIONS = { port: 8080, host: '127.0.0.1', traceLogIntervalMs: 1000 } as const;

function short(id: string | undefined): string {
  if (id === undefined) return '(none)';
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/**
 * Without an OTLP endpoint: prints one line per finished trace and empties the in-process collector,
 * so a long-running example neither stays silent nor keeps every span in memory.
 */
function logTracesOf(collector: InMemorySpanExporter): () => void {
  const timer = setInterval(() => {
    const spans = collector.getFinishedSpans();
    collector.reset();
    for (const span of spans) {
      if (span.parentSpanContext !== undefined) continue;
      const { userId, sessionId } = identityOf(span);
      const ms = Math.round(hrTimeToMs(span.duration));
      console.log(`trace ${span.name}  user ${short(userId)}  session ${short(sessionId)}  ${ms} ms`);
    }
  }, DEFAULT_RUN_OPTIONS.traceLogIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs an example as a program: sets up telemetry and the model (`LLM`, see `llmOptionsFromEnv`),
 * listens on `PORT` / `HOST`, and on SIGINT or SIGTERM closes the server and flushes every span
 * before exiting.
 *
 * @example
 * ```ts
 * await runExample('express-chatbot', startServer);
 * ```
 */
export async function runExample(serviceName: string, startServer: StartServer): Promise<void> {
  const telemetry = setupTelemetry({ serviceName });
  const llm = await startLlm(llmOptionsFromEnv());
  const server = await startServer({
    port: Number(process.env.PORT ?? DEFAULT_RUN_OPTIONS.port),
    host: process.env.HOST ?? DEFAULT_RUN_OPTIONS.host,
    chat: createChatService(llm.client),
  });
  console.log(`${serviceName} listening on ${server.url}`);
  if (llm.kind !== 'fake') console.log(`answering with ${llm.description}`);
  console.log(
    telemetry.otlpEndpoint === undefined
      ? 'OTEL_EXPORTER_OTLP_ENDPOINT is not set: printing one line per trace here. Set it to send spans to your backend.'
      : `exporting spans to ${telemetry.otlpEndpoint} (OTLP ${telemetry.otlpProtocol})`,
  );
  const stopLogging = telemetry.collector === undefined ? undefined : logTracesOf(telemetry.collector);
  console.log(
    `try: curl -i -H 'authorization: Bearer token-alice' -H 'content-type: application/json' -d '{"message":"what is a session?"}' ${server.url}/chat`,
  );
  const stop = async (): Promise<void> => {
    stopLogging?.();
    await server.close();
    await llm.close();
    await telemetry.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
