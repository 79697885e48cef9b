import { createHash } from 'node:crypto';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bindUserSession,
  configure,
  getUserSessionContext,
  type IdField,
  type InvalidIdReason,
  offerTraceUserId,
  resetConfiguration,
  runWithUserSession,
  setUserSessionContext,
  trace,
  type UserSession,
  updateTraceUserSession,
} from '../../src/index';
import { idOf, parentIdOf, registerTestTracing } from './otel-setup';

const tracing = registerTestTracing();
afterEach(() => {
  tracing.exporter.reset();
  resetConfiguration();
});

const REQUEST = { userId: 'request-user', sessionId: 'request-session' };

/** Starts a plain (non-`trace()`) span that stays open until the returned function is called. */
function openPlainSpan(name: string): () => void {
  const span = tracing.tracer.startSpan(name);
  return () => span.end();
}

describe('updateTraceUserSession', () => {
  it('back-fills the root span and every open span of the trace, at any depth, from any tracer', async () => {
    const tracedStep = trace(async function step() {
      await tracing.tracer.startActiveSpan('db.lookup', async (lookup) => {
        updateTraceUserSession({ userId: 'api-key-user' });
        lookup.end();
      });
    });
    const tracedHandler = trace(async function handler() {
      const endOpen = openPlainSpan('cache.open');
      await tracedStep();
      endOpen();
    });
    await runWithUserSession(REQUEST, () => tracedHandler());
    for (const name of ['handler', 'step', 'db.lookup', 'cache.open']) {
      expect(tracing.span(name).attributes, name).toMatchObject({
        'user.id': 'api-key-user',
        'session.id': 'request-session',
      });
    }
  });

  it('applies to spans the trace starts afterwards, and getUserSessionContext() returns it inside', async () => {
    const seen: unknown[] = [];
    await runWithUserSession(REQUEST, () =>
      trace(async function handler() {
        updateTraceUserSession({ sessionId: 'conversation-9' });
        seen.push(getUserSessionContext());
        await new Promise((resolve) => setTimeout(resolve, 1));
        tracing.tracer.startSpan('later').end();
      })(),
    );
    expect(seen).toEqual([{ userId: 'request-user', sessionId: 'conversation-9' }]);
    expect(tracing.span('later').attributes).toEqual({
      'user.id': 'request-user',
      'session.id': 'conversation-9',
    });
  });

  it('does not touch spans of the trace that already ended', () => {
    trace(function handler() {
      tracing.tracer.startSpan('finished-child').end();
      updateTraceUserSession({ userId: 'late-user' });
    })();
    expect(tracing.span('finished-child').attributes).toEqual({});
    expect(tracing.span('handler').attributes).toEqual({ 'user.id': 'late-user' });
  });

  it('null removes the key from spans started afterwards; open spans keep what they have', async () => {
    await runWithUserSession(REQUEST, () =>
      trace(async function handler() {
        const endOpen = openPlainSpan('open-before');
        updateTraceUserSession({ userId: null });
        expect(getUserSessionContext()).toEqual({ sessionId: 'request-session' });
        tracing.tracer.startSpan('started-after').end();
        endOpen();
      })(),
    );
    expect(tracing.span('started-after').attributes).toEqual({ 'session.id': 'request-session' });
    expect(tracing.span('open-before').attributes['user.id']).toBe('request-user');
  });

  it('an omitted (or undefined) key keeps its value', () => {
    const seen = runWithUserSession(REQUEST, () =>
      trace(function handler() {
        updateTraceUserSession({ userId: 'first' });
        updateTraceUserSession({ sessionId: 'second', userId: undefined });
        return getUserSessionContext();
      })(),
    );
    expect(seen).toEqual({ userId: 'first', sessionId: 'second' });
  });

  it('does not leak: once the outermost trace() has finished, the request identity is back', async () => {
    const tracedOverriding = trace(async function overriding() {
      updateTraceUserSession({ userId: 'override' });
    });
    const tracedNext = trace(async function next() {});
    await runWithUserSession(REQUEST, async () => {
      await tracedOverriding();
      expect(getUserSessionContext()).toEqual(REQUEST);
      await tracedNext();
      tracing.tracer.startSpan('after-both').end();
    });
    expect(tracing.span('overriding').attributes['user.id']).toBe('override');
    expect(tracing.span('next').attributes['user.id']).toBe('request-user');
    expect(tracing.span('after-both').attributes['user.id']).toBe('request-user');
  });

  it('spans started after the trace finished, from a timer it scheduled, get the request identity', async () => {
    let timerDone!: Promise<void>;
    await runWithUserSession(REQUEST, () =>
      trace(function scheduling() {
        updateTraceUserSession({ userId: 'override' });
        timerDone = new Promise((resolve) =>
          setTimeout(() => {
            tracing.tracer.startSpan('from-timer').end();
            resolve();
          }, 5),
        );
      })(),
    );
    await timerDone;
    expect(tracing.span('from-timer').attributes['user.id']).toBe('request-user');
  });

  it('stays with its trace: bindUserSession inside the trace captures the request identity', async () => {
    let later!: Promise<UserSession>;
    const duringTrace = await runWithUserSession(REQUEST, () =>
      trace(function scheduling() {
        updateTraceUserSession({ userId: 'override' });
        const bound = bindUserSession(() => {
          tracing.tracer.startSpan('bound').end();
          return getUserSessionContext();
        });
        later = new Promise((resolve) => setTimeout(() => resolve(bound()), 5));
        return bound();
      })(),
    );
    expect(duringTrace).toEqual({ userId: 'override', sessionId: 'request-session' });
    expect(await later).toEqual(REQUEST);
    expect(tracing.spans().map((span) => span.attributes['user.id'])).toEqual([
      'override',
      'override',
      'request-user',
    ]);
  });

  it('a span enclosing the outermost trace() (an HTTP server span) keeps the request identity', async () => {
    await runWithUserSession(REQUEST, () =>
      tracing.tracer.startActiveSpan('http.server', async (server) => {
        await trace(async function handler() {
          updateTraceUserSession({ userId: 'override' });
        })();
        server.end();
      }),
    );
    expect(tracing.span('http.server').attributes['user.id']).toBe('request-user');
    expect(tracing.span('handler').attributes['user.id']).toBe('override');
    expect(parentIdOf(tracing.span('handler'))).toBe(idOf(tracing.span('http.server')));
  });

  it('concurrent traces in one request (Promise.all) each keep their own override', async () => {
    const tracedAgent = trace(async function agent(userId: string, delay: number) {
      updateTraceUserSession({ userId });
      await new Promise((resolve) => setTimeout(resolve, delay));
      tracing.tracer.startSpan(`tool-of-${userId}`).end();
      return getUserSessionContext().userId;
    });
    const results = await runWithUserSession(REQUEST, () =>
      Promise.all([tracedAgent('alice', 10), tracedAgent('bob', 1), tracedAgent('carol', 5)]),
    );
    expect(results).toEqual(['alice', 'bob', 'carol']);
    for (const user of ['alice', 'bob', 'carol']) {
      expect(tracing.span(`tool-of-${user}`).attributes['user.id']).toBe(user);
    }
  });

  it('stays in force while a traced stream is consumed, then ends with it', async () => {
    const tracedStream = trace(async function* stream() {
      updateTraceUserSession({ sessionId: 'streamed-session' });
      yield 1;
      tracing.tracer.startSpan('during-stream').end();
      yield 2;
    });
    await runWithUserSession(REQUEST, async () => {
      for await (const _ of tracedStream()) {
        expect(getUserSessionContext().sessionId).toBe('request-session');
      }
      expect(getUserSessionContext()).toEqual(REQUEST);
    });
    expect(tracing.span('during-stream').attributes['session.id']).toBe('streamed-session');
  });

  it('drops and reports invalid ids, keeping the valid part of the input', () => {
    const reports: Array<[IdField, InvalidIdReason]> = [];
    configure({ onInvalidId: (field, reason) => reports.push([field, reason]) });
    runWithUserSession(REQUEST, () =>
      trace(function handler() {
        updateTraceUserSession({ userId: 'bad\nid', sessionId: 'good-session' });
        updateTraceUserSession({ userId: { id: 1 } as never });
        expect(getUserSessionContext()).toEqual({ userId: 'request-user', sessionId: 'good-session' });
      })(),
    );
    expect(reports).toEqual([
      ['userId', 'control-character'],
      ['userId', 'invalid-type'],
    ]);
    expect(tracing.span('handler').attributes['user.id']).toBe('request-user');
  });

  it('hashes the user id when hashUserId is on', () => {
    configure({ hashUserId: { secret: 'pepper' } });
    trace(function handler() {
      updateTraceUserSession({ userId: 'alice@example.com' });
    })();
    const expected = createHash('sha256').update('alice@example.com').digest('hex');
    const written = tracing.span('handler').attributes['user.id'];
    expect(written).toMatch(/^[0-9a-f]{64}$/);
    expect(written).not.toBe(expected);
    expect(written).not.toContain('alice');
  });

  it('writes every configured attribute key when back-filling', () => {
    configure({ attributes: ['langfuse', 'traceloop'] });
    trace(function handler() {
      updateTraceUserSession({ userId: 'u9', sessionId: 's9' });
    })();
    expect(tracing.span('handler').attributes).toEqual({
      'user.id': 'u9',
      'session.id': 's9',
      'langfuse.user.id': 'u9',
      'langfuse.session.id': 's9',
      'traceloop.association.properties.user_id': 'u9',
      'traceloop.association.properties.session_id': 's9',
    });
  });

  it('outside any trace() it does nothing and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      runWithUserSession(REQUEST, () => {
        updateTraceUserSession({ userId: 'ignored' });
        updateTraceUserSession({ userId: 'ignored-again' });
        tracing.tracer.startActiveSpan('plain', (span) => {
          updateTraceUserSession({ userId: 'inside-a-plain-span' });
          span.end();
        });
        expect(getUserSessionContext()).toEqual(REQUEST);
      });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('updateTraceUserSession');
      expect(tracing.span('plain').attributes['user.id']).toBe('request-user');
    } finally {
      warn.mockRestore();
    }
  });
});

describe('trace() with a tracer from a provider without the processor', () => {
  it('still puts the identity and the override on its own spans', () => {
    const exporter = new InMemorySpanExporter();
    const bare = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = bare.getTracer('bare');
    configure({ attributes: ['langfuse'] });
    const tracedInner = trace(function inner() {}, { tracer });
    const tracedOuter = trace(
      function outer() {
        tracedInner();
        updateTraceUserSession({ userId: 'override' });
        tracedInner();
      },
      { tracer },
    );
    runWithUserSession(REQUEST, () => tracedOuter());
    const [firstInner, secondInner, outerSpan] = exporter.getFinishedSpans();
    expect(outerSpan!.attributes).toMatchObject({ 'user.id': 'override', 'langfuse.user.id': 'override' });
    expect(firstInner!.attributes).toMatchObject({
      'user.id': 'request-user',
      'session.id': 'request-session',
    });
    expect(secondInner!.attributes).toMatchObject({
      'user.id': 'override',
      'langfuse.session.id': 'request-session',
    });
  });
});

describe('offerTraceUserId (a user picked up from an LLM call)', () => {
  it('becomes the user of a trace that has none: root, open spans, later spans, getUserSessionContext()', async () => {
    await runWithUserSession({ sessionId: 's1' }, () =>
      trace(async function chat() {
        const endOpen = openPlainSpan('open-before');
        offerTraceUserId('end-user-7');
        expect(getUserSessionContext()).toEqual({ userId: 'end-user-7', sessionId: 's1' });
        tracing.tracer.startSpan('after').end();
        endOpen();
      })(),
    );
    for (const name of ['chat', 'open-before', 'after']) {
      expect(tracing.span(name).attributes['user.id'], name).toBe('end-user-7');
    }
  });

  it('never wins over the request context or updateTraceUserSession, nor over its null', () => {
    runWithUserSession(REQUEST, () =>
      trace(function withRequestUser() {
        offerTraceUserId('picked-up');
        expect(getUserSessionContext().userId).toBe('request-user');
      })(),
    );
    trace(function withOverride() {
      updateTraceUserSession({ userId: 'explicit' });
      offerTraceUserId('picked-up');
      expect(getUserSessionContext().userId).toBe('explicit');
    })();
    trace(function withRemoval() {
      updateTraceUserSession({ userId: null });
      offerTraceUserId('picked-up');
      expect(getUserSessionContext().userId).toBeUndefined();
    })();
    expect(tracing.span('withRequestUser').attributes['user.id']).toBe('request-user');
    expect(tracing.span('withOverride').attributes['user.id']).toBe('explicit');
    expect(tracing.span('withRemoval').attributes['user.id']).toBeUndefined();
  });

  it('stays with its trace: bindUserSession inside the trace does not capture the picked-up user', async () => {
    let later!: Promise<UserSession>;
    await runWithUserSession({ sessionId: 's1' }, () =>
      trace(function chat() {
        offerTraceUserId('end-user-7');
        const bound = bindUserSession(getUserSessionContext);
        later = new Promise((resolve) => setTimeout(() => resolve(bound()), 5));
      })(),
    );
    expect(await later).toEqual({ sessionId: 's1' });
  });

  it('yields to a request user set later in the trace; the first offer of a trace wins', () => {
    const seen = runWithUserSession({}, () =>
      trace(function chat() {
        offerTraceUserId('first');
        offerTraceUserId('second');
        const offered = getUserSessionContext().userId;
        setUserSessionContext({ userId: 'logged-in' });
        return [offered, getUserSessionContext().userId];
      })(),
    );
    expect(seen).toEqual(['first', 'logged-in']);
  });

  it('is validated and hashed like any user id, and is a silent no-op outside a trace', () => {
    configure({ hashUserId: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      offerTraceUserId('nobody');
      expect(warn).not.toHaveBeenCalled();
      expect(getUserSessionContext()).toEqual({});
      trace(function chat() {
        offerTraceUserId('alice');
      })();
    } finally {
      warn.mockRestore();
    }
    expect(tracing.span('chat').attributes['user.id']).toBe(
      createHash('sha256').update('alice').digest('hex'),
    );
  });
});
