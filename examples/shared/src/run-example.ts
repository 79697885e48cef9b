import type { StartServer } from './server';
import { setupTelemetry } from './telemetry';

/** The defaults of {@link runExample}, in one place. */
export const DEFAULT_RUN_OPTIONS = { port: 3000, host: '127.0.0.1' } as const;

/**
 * Runs an example as a program: sets up telemetry, listens on `PORT` / `HOST`, and on SIGINT or
 * SIGTERM closes the server and flushes every span before exiting.
 *
 * @example
 * ```ts
 * await runExample('express-chatbot', startServer);
 * ```
 */
export async function runExample(serviceName: string, startServer: StartServer): Promise<void> {
  const telemetry = setupTelemetry({ serviceName });
  const server = await startServer({
    port: Number(process.env.PORT ?? DEFAULT_RUN_OPTIONS.port),
    host: process.env.HOST ?? DEFAULT_RUN_OPTIONS.host,
  });
  console.log(`${serviceName} listening on ${server.url}`);
  console.log(
    telemetry.otlpEndpoint === undefined
      ? 'OTEL_EXPORTER_OTLP_ENDPOINT is not set: spans stay in this process. Set it to send them to your backend.'
      : `exporting spans to ${telemetry.otlpEndpoint} (OTLP ${telemetry.otlpProtocol})`,
  );
  console.log(
    `try: curl -i -H 'authorization: Bearer token-alice' -H 'content-type: application/json' -d '{"message":"what is a session?"}' ${server.url}/chat`,
  );
  const stop = async (): Promise<void> => {
    await server.close();
    await telemetry.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
