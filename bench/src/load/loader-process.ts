/**
 * Child process: the load generator. Runs autocannon against a URL for each `run` request, so that
 * load generation never shares a process (or an event loop) with the benchmark's servers.
 */
import autocannon from 'autocannon';
import { answerRequests } from '../process/answer-requests';

/** One load run: a bounded duration, or a bounded number of requests (quick mode). */
export interface LoadRun {
  readonly url: string;
  readonly connections: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly durationSeconds?: number;
  readonly amount?: number;
}

/** What one load run measured from the client side. */
export interface LoadRunResult {
  readonly requestsPerSecond: number;
  readonly p99LatencyMs: number;
  readonly ok: number;
  readonly failed: number;
}

/**
 * autocannon notices the end of a run only at its next sample tick (default every second), so a
 * short tick keeps runs from idling; `result.duration` is the time up to that tick.
 */
const SAMPLE_INTERVAL_MS = 50;

async function run(message: Record<string, unknown>): Promise<LoadRunResult> {
  const spec = message as unknown as LoadRun;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    headers: { ...spec.headers },
    sampleInt: SAMPLE_INTERVAL_MS,
    ...(spec.amount === undefined ? { duration: spec.durationSeconds ?? 1 } : { amount: spec.amount }),
  });
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p99LatencyMs: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

answerRequests({}, { run });
