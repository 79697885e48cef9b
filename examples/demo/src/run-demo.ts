import { setupTelemetry } from '@sessionscope/example-shared/telemetry';
import { buildDemoResult, type DemoResult } from './demo-result';
import { EXAMPLES, type Framework } from './examples';
import { playWorkload } from './workload';

/**
 * Starts the `framework` example on a free loopback port with telemetry set up, plays the workload,
 * and groups the spans the example exported. Spans also go to `OTEL_EXPORTER_OTLP_ENDPOINT` if set.
 *
 * @example
 * ```ts
 * const result = await runDemo('hono');
 * console.log(result.totals); // { users: 4, sessions: 5, traces: 9, spans: … }
 * ```
 */
export async function runDemo(framework: Framework): Promise<DemoResult> {
  const example = EXAMPLES[framework];
  const telemetry = setupTelemetry({ serviceName: example.serviceName, keepSpansInMemory: true });
  try {
    const startServer = await example.load();
    const server = await startServer({ port: 0, host: '127.0.0.1' });
    let outcome: Awaited<ReturnType<typeof playWorkload>>;
    try {
      outcome = await playWorkload(server.url);
    } finally {
      await server.close();
    }
    await telemetry.forceFlush();
    return buildDemoResult(telemetry.collector?.getFinishedSpans() ?? [], {
      framework,
      serviceName: example.serviceName,
      url: server.url,
      otlpEndpoint: telemetry.otlpEndpoint,
      expected: outcome.expected,
      workloadProblems: outcome.problems,
    });
  } finally {
    await telemetry.shutdown();
  }
}
