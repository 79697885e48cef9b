import { createChatService, type LlmKind, startLlm } from '@sessionscope/example-shared';
import { setupTelemetry } from '@sessionscope/example-shared/telemetry';
import { buildDemoResult, type DemoResult } from './demo-result';
import { EXAMPLES, type Framework } from './examples';
import { playWorkload } from './workload';

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /**
   * `'fake'` (default): the in-process fake model. `'openai'`: the instrumented `openai` client and
   * a loopback fake OpenAI server with the same answers (the workload needs them; `OPENAI_BASE_URL`
   * is not used).
   */
  llm?: LlmKind;
}

/**
 * Starts the `framework` example on a free loopback port with telemetry set up, plays the workload,
 * and groups the spans the example exported. Spans also go to `OTEL_EXPORTER_OTLP_ENDPOINT` if set.
 *
 * @example
 * ```ts
 * const result = await runDemo('hono', { llm: 'openai' });
 * console.log(result.totals); // { users: 4, sessions: 5, traces: 9, spans: … }
 * ```
 */
export async function runDemo(framework: Framework, options: RunDemoOptions = {}): Promise<DemoResult> {
  const example = EXAMPLES[framework];
  const telemetry = setupTelemetry({ serviceName: example.serviceName, keepSpansInMemory: true });
  const llm = await startLlm({ llm: options.llm });
  try {
    const startServer = await example.load();
    const chat = createChatService(llm.client);
    const server = await startServer({ port: 0, host: '127.0.0.1', chat });
    let outcome: Awaited<ReturnType<typeof playWorkload>>;
    try {
      outcome = await playWorkload(server.url);
    } finally {
      await server.close();
    }
    await telemetry.forceFlush();
    return buildDemoResult(telemetry.collector?.getFinishedSpans() ?? [], {
      framework,
      llm: llm.kind,
      serviceName: example.serviceName,
      url: server.url,
      otlpEndpoint: telemetry.otlpEndpoint,
      expected: outcome.expected,
      workloadProblems: outcome.problems,
    });
  } finally {
    await llm.close();
    await telemetry.shutdown();
  }
}
