import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { ACCOUNTS, type LlmKind } from '@sessionscope/example-shared';
import { pseudonymizeUserId } from '@sessionscope/example-shared/telemetry';
import { checkIdentity, type ExpectedTrace, type IdentityReport } from './identity-check';
import { groupSpans, type UserSummary } from './span-tree';

/** Everything the demo prints, as a tree or (with `--json`) as JSON. */
export interface DemoResult {
  readonly framework: string;
  /** The model the example talked to. */
  readonly llm: LlmKind;
  readonly serviceName: string;
  readonly url: string;
  readonly otlpEndpoint: string | undefined;
  readonly totals: {
    readonly users: number;
    readonly sessions: number;
    readonly traces: number;
    readonly spans: number;
  };
  readonly users: readonly UserSummary[];
  readonly identity: IdentityReport;
  /** Responses the workload did not expect (wrong status, no session header…). */
  readonly workloadProblems: readonly string[];
  /** `true` when the identity check passed and every response was as expected. */
  readonly ok: boolean;
}

/** What is known about the run besides its spans. */
export interface RunInfo {
  readonly framework: string;
  readonly llm: LlmKind;
  readonly serviceName: string;
  readonly url: string;
  readonly otlpEndpoint: string | undefined;
  readonly expected: readonly ExpectedTrace[];
  readonly workloadProblems: readonly string[];
}

/** Hashed user id → e-mail of the example's accounts, so the tree can say who a hash is. */
export function accountLabels(): Map<string, string> {
  return new Map(Object.values(ACCOUNTS).map((account) => [pseudonymizeUserId(account.id), account.id]));
}

/**
 * Builds the demo's result from the exported spans: the user → session → trace grouping and the
 * identity check. Nothing in the tree comes from the workload's own bookkeeping.
 */
export function buildDemoResult(spans: readonly ReadableSpan[], run: RunInfo): DemoResult {
  const users = groupSpans(spans, accountLabels());
  const identity = checkIdentity(spans, run.expected);
  const sessions = users.reduce((count, user) => count + user.sessions.length, 0);
  const traces = users.reduce((count, user) => count + user.traceCount, 0);
  return {
    framework: run.framework,
    llm: run.llm,
    serviceName: run.serviceName,
    url: run.url,
    otlpEndpoint: run.otlpEndpoint,
    totals: { users: users.length, sessions, traces, spans: spans.length },
    users,
    identity,
    workloadProblems: run.workloadProblems,
    ok: identity.ok && run.workloadProblems.length === 0,
  };
}
