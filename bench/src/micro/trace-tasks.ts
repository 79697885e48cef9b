import { context, trace as otelTrace, type Span, SpanStatusCode } from '@opentelemetry/api';
import { getUserSessionContext, trace, UserSessionSpanProcessor } from '@sessionscope/core';
import { IDENTITY_KEY } from '../apps/identity';
import { enableOtelSdk } from '../apps/otel';
import { type MicroTask, repeat, repeatAsync } from './micro-task';

const CALLS = 100;

function work(): number {
  return 1;
}

async function workAsync(): Promise<number> {
  return 1;
}

function failed(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * `trace(fn)` against the `startActiveSpan` a developer would write by hand for the same span:
 * error recorded, status set, span ended; with an SDK (the identity is stamped by
 * `UserSessionSpanProcessor`) or without one (non-recording spans).
 */
export function traceTasks(withSdk: boolean): MicroTask[] {
  if (withSdk) enableOtelSdk([new UserSessionSpanProcessor()]);
  const tracer = otelTrace.getTracer('sessionscope-bench');

  const tracedSync = trace(function work() {
    return 1;
  });
  const tracedAsync = trace(async function workAsync() {
    return 1;
  });
  const handSync = (): number =>
    tracer.startActiveSpan('work', (span) => {
      try {
        return work();
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  const handAsync = (): Promise<number> =>
    tracer.startActiveSpan('workAsync', async (span) => {
      try {
        return await workAsync();
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });

  const tasks: MicroTask[] = [
    { name: 'trace(fn) sync', calls: CALLS, scoped: true, run: repeat(CALLS, tracedSync) },
    { name: 'hand-written startActiveSpan sync', calls: CALLS, scoped: true, run: repeat(CALLS, handSync) },
    { name: 'trace(fn) async', calls: CALLS, scoped: true, run: repeatAsync(CALLS, tracedAsync) },
    {
      name: 'hand-written startActiveSpan async',
      calls: CALLS,
      scoped: true,
      run: repeatAsync(CALLS, handAsync),
    },
  ];
  if (withSdk) tasks.push(...otelContextTasks());
  return tasks;
}

/** The identity kept in the OpenTelemetry context instead of a second `AsyncLocalStorage`. */
function otelContextTasks(): MicroTask[] {
  const calls = 1000;
  const readOtel = repeat(calls, () => context.active().getValue(IDENTITY_KEY));
  const withIdentity = context
    .active()
    .setValue(IDENTITY_KEY, { userId: 'user-4711', sessionId: 'session-1' });
  const noop = (): number => 1;
  return [
    {
      name: 'getUserSessionContext() in a scope, OTel context manager active',
      calls,
      scoped: true,
      run: repeat(calls, getUserSessionContext),
    },
    {
      name: 'shared ALS: context.active().getValue(key)',
      calls,
      scoped: false,
      run: () => context.with(withIdentity, readOtel),
    },
    {
      name: 'shared ALS: context.with(active().setValue(key, identity), fn)',
      calls,
      scoped: false,
      run: repeat(calls, () =>
        context.with(
          context.active().setValue(IDENTITY_KEY, { userId: 'user-4712', sessionId: 'session-3' }),
          noop,
        ),
      ),
    },
  ];
}
