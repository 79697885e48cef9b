import { type Context, context, type Span } from '@opentelemetry/api';
import { store } from '../global-state';
import type { Scope } from '../scope';
import type { TraceRecord } from './record';
import { endSpan, recordError } from './span-end';

function runInContext<A, B, R>(ctx: Context, step: (a: A, b: B) => R, a: A, b: B): R {
  return context.with(ctx, step, undefined, a, b);
}

/**
 * A traced call whose result outlives it (an iterator or a stream): it owns the span until the
 * result is done, failed or stopped early, and runs each step of the result in the call's context.
 */
export class TracedCall {
  /** `true` once the span has ended. */
  ended = false;

  constructor(
    private readonly span: Span,
    private readonly record: TraceRecord | undefined,
    private readonly isRoot: boolean,
    /** The OpenTelemetry context the call ran in: its span active, its trace record. */
    private readonly context: Context,
    /** The request scope at call time. */
    private readonly scope: Scope | undefined,
  ) {}

  /** Ends the span normally (completed, or stopped early by the consumer). */
  succeed(): void {
    if (this.ended) return;
    this.ended = true;
    endSpan(this.span, this.record, this.isRoot);
  }

  /** Records `error` and ends the span. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    recordError(this.span, error);
    endSpan(this.span, this.record, this.isRoot);
  }

  /** Runs `step(a, b)` with the call's span and identity active, whoever the consumer is. */
  run<A, B, R>(step: (a: A, b: B) => R, a: A, b: B): R {
    if (store.getStore() === this.scope) return runInContext(this.context, step, a, b);
    return store.run(this.scope as Scope, runInContext<A, B, R>, this.context, step, a, b);
  }
}
