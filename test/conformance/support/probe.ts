/**
 * What the harness handlers do, shared by every framework: record spans (the span processor stamps
 * the identity on them), await across every kind of async boundary, stream, fail, and schedule
 * background work. Each span is tagged with the test request it belongs to, read from a header by the
 * handler itself, so assertions never depend on sessionscope to know which request a span is from.
 */
import { Readable } from 'node:stream';
import { trace as otelTrace } from '@opentelemetry/api';
import {
  bindUserSession,
  getUserSessionContext,
  setUserSessionContext,
  trace,
  type UserSession,
  updateTraceUserSession,
} from '@sessionscope/core';
import { REQUEST_ATTRIBUTE, tracer } from './tracing';

/** Header that names the test request; every span the handler records carries it. */
export const REQUEST_HEADER = 'x-test-request';

/** Records one finished span for `requestId`, started in the current context. */
export function recordSpan(name: string, requestId: string, attributes: Record<string, boolean> = {}): void {
  tracer.startActiveSpan(name, { attributes: { ...attributes, [REQUEST_ATTRIBUTE]: requestId } }, (span) => {
    span.end();
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A traced async generator: its span stays open while it is iterated; its body awaits timers. */
const ticks = trace(async function* ticks(requestId: string, count: number): AsyncGenerator<number> {
  otelTrace.getActiveSpan()?.setAttribute(REQUEST_ATTRIBUTE, requestId);
  for (let i = 0; i < count; i++) {
    await delay(0);
    recordSpan('generator-item', requestId);
    yield i;
  }
});

/** The awaits a `/work` plan is made of: t = timer, i = immediate, p = promise chain, g = async generator. */
const STEPS: Record<string, (requestId: string) => Promise<unknown>> = {
  t: () => delay(Math.floor(Math.random() * 3)),
  i: () => new Promise<void>((resolve) => setImmediate(resolve)),
  p: async () => {
    await Promise.resolve();
    await null;
  },
  g: async (requestId) => {
    for await (const _ of ticks(requestId, 2));
  },
};

/** Runs `plan` (letters of {@link STEPS}), recording a span after each await. */
export async function work(requestId: string, plan: string): Promise<void> {
  recordSpan('work-start', requestId);
  for (const step of plan) {
    await STEPS[step]?.(requestId);
    recordSpan(`step-${step}`, requestId);
  }
}

/** A traced step that overrides the session of its own trace only. */
const traceWithOwnSession = trace(
  async (requestId: string) => {
    otelTrace.getActiveSpan()?.setAttribute(REQUEST_ATTRIBUTE, requestId);
    updateTraceUserSession({ sessionId: 'trace-session' });
    await Promise.resolve();
    recordSpan('in-trace', requestId);
  },
  { name: 'own-session-trace' },
);

/** A handler that learns the user itself (a login), then runs a trace with its own session. */
export async function login(requestId: string, userId: string): Promise<void> {
  recordSpan('before-login', requestId);
  setUserSessionContext({ userId });
  await traceWithOwnSession(requestId);
  recordSpan('after-login', requestId);
}

/** What the identity routes answer: the context API's view and the framework's own one. */
export interface IdentitySnapshot {
  readonly context: UserSession;
  readonly idiomatic: UserSession;
}

/** Records a `handler` span and snapshots the identity as the handler sees it. */
export function identitySnapshot(requestId: string, idiomatic: UserSession | undefined): IdentitySnapshot {
  recordSpan('handler', requestId);
  return { context: getUserSessionContext(), idiomatic: JSON.parse(JSON.stringify(idiomatic ?? {})) };
}

/** Longest a stream asked for "until the client goes away" runs. */
const MAX_CHUNKS = 2_000;

/**
 * Stream chunks, one span each, a timer apart; `count` 0 means until `isGone()` says the client left.
 * Reading it drives the work, so it runs in whatever context the reader runs in.
 */
export async function* streamChunks(
  requestId: string,
  count: number,
  isGone: () => boolean = () => false,
): AsyncGenerator<string> {
  for (let i = 0; (count === 0 || i < count) && i < MAX_CHUNKS && !isGone(); i++) {
    await delay(1);
    recordSpan('chunk', requestId);
    yield `data: ${i}\n\n`;
  }
}

/** More than a Node response's high-water mark (16 KiB on Node 20, 64 KiB from Node 22). */
const PIPED_CHUNK_PADDING = `: ${'.'.repeat(128 * 1024)}\n\n`;

/**
 * {@link streamChunks} as a Node stream for a handler to pipe to the response. Each chunk carries an
 * SSE comment larger than the response's high-water mark, so the response pushes back after every
 * chunk and the stream reads the next one when the response drains: in the context of the request's
 * own last write when it is alone on its connection, in the previous request's when it was pipelined
 * behind one (scenario 13).
 *
 * Destroyed before its end (the client left), it records a `closed-early` span from a callback
 * registered here, in the request's context, that runs after the request has ended: work the stream
 * leaves for after its request, which must see no identity, never a stale one (scenario 7).
 */
export function pipedStreamChunks(requestId: string, count: number, isGone?: () => boolean): Readable {
  const stream = Readable.from(
    (async function* padded() {
      for await (const chunk of streamChunks(requestId, count, isGone)) yield chunk + PIPED_CHUNK_PADDING;
    })(),
  );
  const closed = new Promise((resolve) => stream.once('close', resolve));
  closed.then(() => {
    if (!stream.readableEnded) recordSpan('closed-early', requestId);
  });
  return stream;
}

/**
 * {@link streamChunks} as a web `ReadableStream` of bytes: each chunk is made when the reader pulls,
 * in the reader's context, as a lazily generated LLM response is. Cancelling the stream (the client
 * left) ends the generator.
 */
export function webStreamChunks(requestId: string, count: number): ReadableStream<Uint8Array> {
  const chunks = streamChunks(requestId, count);
  const encoder = new TextEncoder();
  return new ReadableStream(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // Nothing is made ahead of a read: each pull runs in the context of the read that asked for it.
    { highWaterMark: 0 },
  );
}

/** Errors thrown by `/error/*` handlers, so the error handler can check it got the same object. */
const thrownErrors = new Map<string, Error>();

/** Remembers `error` as the one the handler of `requestId` throws, and returns it. */
export function rememberError<E>(requestId: string, error: E & Error): E {
  thrownErrors.set(requestId, error);
  return error;
}

/** Creates (and remembers) the error a handler throws for `requestId`; `status` as http-errors would. */
export function handlerError(requestId: string, status?: number): Error {
  const error = new Error(`failure of ${requestId}`);
  return rememberError(requestId, status === undefined ? error : Object.assign(error, { status }));
}

/** Records an `error-handler` span noting whether `error` is the very object the handler threw. */
export function recordErrorHandler(requestId: string, error: unknown): void {
  recordSpan('error-handler', requestId, { 'test.same-error': thrownErrors.get(requestId) === error });
}

/** Callbacks registered per request, run once that request's identity has been cleared. */
const afterEnd = new Map<string, () => void>();
/**
 * Requests that ended with no background work scheduled yet: most never schedule any; a handler that
 * runs after its client left (and the scope was cleared) schedules it after the end.
 */
const endedEarly = new Set<string>();

/**
 * Schedules background work that outlives the response: one callback that merely still holds the
 * request's async context, one wrapped with `bindUserSession`. Both run after the request has ended
 * (at once when it already has).
 */
export function scheduleBackgroundWork(requestId: string): void {
  const ended = endedEarly.delete(requestId)
    ? Promise.resolve()
    : new Promise<void>((resolve) => afterEnd.set(requestId, resolve));
  ended.then(() => recordSpan('background-unbound', requestId));
  ended.then(bindUserSession(() => recordSpan('background-bound', requestId)));
}

/** Runs the background work scheduled for `requestId` (called once its end was observed). */
export function releaseBackgroundWork(requestId: string): void {
  const release = afterEnd.get(requestId);
  if (release === undefined) {
    endedEarly.add(requestId);
    return;
  }
  release();
  afterEnd.delete(requestId);
}
