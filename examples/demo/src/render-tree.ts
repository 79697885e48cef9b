import type { Colors } from 'picocolors/types';
import type { DemoResult } from './demo-result';
import type { SessionSummary, TraceSummary, UserSummary } from './span-tree';

const SHORT_ID_LENGTH = 8;
const QUESTION_WIDTH = 44;

/** `3b1f9c2a…` for a long (hashed or generated) id; short ids stay whole. */
export function shortId(id: string | null): string {
  if (id === null) return '(none)';
  return id.length > SHORT_ID_LENGTH + 4 ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
}

/** `412 ms`, `0.3 ms`, `<0.1 ms` or `2.1 s`. */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 0.1) return '<0.1 ms';
  return ms < 1 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function quote(question: string | undefined): string {
  if (question === undefined) return '';
  const text = question.length > QUESTION_WIDTH ? `${question.slice(0, QUESTION_WIDTH - 1)}…` : question;
  return `"${text}"`;
}

function traceLine(trace: TraceSummary, c: Colors): string {
  const parts = [
    c.bold(trace.name),
    c.dim(quote(trace.question)),
    c.yellow(formatDuration(trace.durationMs)),
  ];
  if (trace.status === 'error') parts.push(c.red(`✗ ${trace.error ?? 'error'}`));
  if (trace.streamedChunks !== undefined)
    parts.push(c.cyan(`streamed ${plural(trace.streamedChunks, 'chunk')}`));
  if (trace.impersonatedBy !== undefined) {
    const who = [shortId(trace.impersonatedBy), trace.impersonatedByLabel].filter(Boolean).join(' ');
    parts.push(c.magenta(`asked on this user's behalf by ${who}`));
  }
  const steps = trace.steps.map((step) => `${step.name} ${formatDuration(step.durationMs)}`).join(' · ');
  if (steps !== '') parts.push(c.dim(`[${steps}]`));
  return `    ${parts.filter((part) => part !== '').join('  ')}`;
}

function sessionLines(session: SessionSummary, c: Colors): string[] {
  const header = `  ${c.blue(`session ${shortId(session.sessionId)}`)}  (${plural(session.traces.length, 'trace')}, ${formatDuration(session.durationMs)})`;
  return [header, ...session.traces.map((trace) => traceLine(trace, c))];
}

function userLines(user: UserSummary, c: Colors): string[] {
  const label = user.label === undefined ? '' : `  ${c.dim(user.label)}`;
  const header = `${c.bold(c.green(`user ${shortId(user.userId)}`))}${label}  (${plural(user.sessions.length, 'session')}, ${plural(user.traceCount, 'trace')})`;
  return [header, ...user.sessions.flatMap((session) => sessionLines(session, c))];
}

function verdictLines(result: DemoResult, c: Colors): string[] {
  const { identity, workloadProblems } = result;
  const lines: string[] = [];
  if (identity.ok && workloadProblems.length === 0) {
    lines.push(
      c.green(
        `✓ all ${plural(identity.spansChecked, 'span')} in ${plural(identity.tracesChecked, 'trace')} carry user.id and session.id, each trace the identity its request should have`,
      ),
    );
    return lines;
  }
  lines.push(c.red(c.bold('✗ identity check failed')));
  for (const span of identity.spansWithoutIdentity) {
    lines.push(
      c.red(`  span ${span.name} (trace ${shortId(span.traceId)}) lacks ${span.missing.join(' and ')}`),
    );
  }
  for (const traceId of identity.tracesWithMixedIdentity) {
    lines.push(c.red(`  trace ${shortId(traceId)} mixes identities`));
  }
  for (const problem of [...identity.mismatches, ...workloadProblems]) lines.push(c.red(`  ${problem}`));
  if (identity.spansChecked === 0) lines.push(c.red('  no spans were exported'));
  return lines;
}

/**
 * The demo's terminal output: a user → session → trace tree of the exported spans and the verdict
 * of the identity check.
 *
 * @example
 * ```ts
 * import { createColors } from 'picocolors';
 * console.log(renderTree(result, createColors(process.stdout.isTTY)));
 * ```
 */
export function renderTree(result: DemoResult, c: Colors): string {
  const { totals } = result;
  const destination =
    result.otlpEndpoint === undefined
      ? 'the in-process collector'
      : `${result.otlpEndpoint} and the in-process collector`;
  const model = result.llm === 'openai' ? ' · model calls through the instrumented openai client' : '';
  return [
    c.bold(
      `sessionscope demo · ${result.framework} example (${result.serviceName}) on ${result.url}${model}`,
    ),
    c.dim(
      `${plural(totals.users, 'user')} · ${plural(totals.sessions, 'session')} · ${plural(totals.traces, 'trace')} · ${plural(totals.spans, 'span')}, exported to ${destination}`,
    ),
    '',
    ...result.users.flatMap((user) => userLines(user, c)),
    '',
    ...verdictLines(result, c),
  ].join('\n');
}
