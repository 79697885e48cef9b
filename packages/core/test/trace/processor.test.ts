import { createHash } from 'node:crypto';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestIdentity } from '../../src/adapter';
import {
  type AttributeKeys,
  type AttributeProfile,
  configure,
  resetConfiguration,
  runWithUserSession,
  trace,
  UserSessionSpanProcessor,
  updateTraceUserSession,
} from '../../src/index';
import { registerTestTracing } from './otel-setup';

const tracing = registerTestTracing();
afterEach(() => {
  tracing.exporter.reset();
  resetConfiguration();
});

/** Starts and ends a plain span the way instrumentations do, without sessionscope's `trace()`. */
function plainSpan(name: string): void {
  tracing.tracer.startActiveSpan(name, (span) => span.end());
}

describe('UserSessionSpanProcessor', () => {
  it('is a SpanProcessor of the SDK and can be constructed without arguments', async () => {
    const processor: SpanProcessor = new UserSessionSpanProcessor();
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
  });

  it('stamps the identity of the current scope on a plain tracer.startActiveSpan span', () => {
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => plainSpan('db.query'));
    expect(tracing.span('db.query').attributes).toEqual({ 'user.id': 'u1', 'session.id': 's1' });
  });

  it('reads the identity of the context the span starts in, not the latest one set anywhere', async () => {
    await Promise.all([
      runWithUserSession({ userId: 'alice' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        plainSpan('alice-span');
      }),
      runWithUserSession({ userId: 'bob' }, async () => {
        plainSpan('bob-span');
      }),
    ]);
    expect(tracing.span('alice-span').attributes['user.id']).toBe('alice');
    expect(tracing.span('bob-span').attributes['user.id']).toBe('bob');
  });

  it('writes no identity keys outside any scope, and only the known one inside a partial scope', () => {
    plainSpan('outside');
    runWithUserSession({ sessionId: 's1' }, () => plainSpan('session-only'));
    expect(tracing.span('outside').attributes).toEqual({});
    expect(tracing.span('session-only').attributes).toEqual({ 'session.id': 's1' });
  });

  it('resolves a user that authentication sets after the middleware ran', () => {
    const identity = createRequestIdentity(
      { generateSessionId: false },
      {
        defaultUserId: (request: { user?: string }) => request.user,
        readHeader: () => undefined,
      },
    );
    const request: { user?: string } = {};
    const scope = identity.open(request);
    if (scope instanceof Promise) throw new Error('expected a synchronous scope');
    identity.run(scope, () => {
      plainSpan('before-login');
      request.user = 'late-user';
      plainSpan('after-login');
    });
    expect(tracing.span('before-login').attributes['user.id']).toBeUndefined();
    expect(tracing.span('after-login').attributes['user.id']).toBe('late-user');
  });

  it('writes the pseudonym when hashUserId is on, never the raw id', () => {
    configure({ hashUserId: true });
    runWithUserSession({ userId: 'alice@example.com' }, () => plainSpan('hashed'));
    const expected = createHash('sha256').update('alice@example.com').digest('hex');
    expect(tracing.span('hashed').attributes['user.id']).toBe(expected);
  });

  it('never writes a key with an empty value', () => {
    configure({ hashUserId: () => '' });
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => plainSpan('empty-hash'));
    const { attributes } = tracing.span('empty-hash');
    expect(attributes).toEqual({ 'session.id': 's1' });
    for (const value of Object.values(attributes)) expect(value).not.toBe('');
  });
});

describe('attribute profiles', () => {
  const cases: Array<[AttributeProfile | AttributeKeys, Record<string, string>]> = [
    ['otel', { 'user.id': 'u1', 'session.id': 's1' }],
    ['openinference', { 'user.id': 'u1', 'session.id': 's1' }],
    [
      'langfuse',
      { 'user.id': 'u1', 'session.id': 's1', 'langfuse.user.id': 'u1', 'langfuse.session.id': 's1' },
    ],
    [
      'traceloop',
      {
        'user.id': 'u1',
        'session.id': 's1',
        'traceloop.association.properties.user_id': 'u1',
        'traceloop.association.properties.session_id': 's1',
      },
    ],
    ['genai', { 'user.id': 'u1', 'session.id': 's1', 'gen_ai.conversation.id': 's1' }],
    [
      { userId: 'app.user', sessionId: 'app.conversation' },
      { 'user.id': 'u1', 'session.id': 's1', 'app.user': 'u1', 'app.conversation': 's1' },
    ],
    [{ sessionId: 'thread.id' }, { 'user.id': 'u1', 'session.id': 's1', 'thread.id': 's1' }],
  ];

  it.each(cases)('%o writes exactly these keys', (profile, expected) => {
    configure({ attributes: [profile] });
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => plainSpan('profiled'));
    expect(tracing.span('profiled').attributes).toEqual(expected);
  });

  it('combines several profiles and custom keys', () => {
    configure({ attributes: ['langfuse', 'genai', { userId: 'enduser.id' }] });
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => plainSpan('combined'));
    expect(tracing.span('combined').attributes).toEqual({
      'user.id': 'u1',
      'session.id': 's1',
      'langfuse.user.id': 'u1',
      'langfuse.session.id': 's1',
      'gen_ai.conversation.id': 's1',
      'enduser.id': 'u1',
    });
  });
});

const CONTEXT = { userId: 'context-user', sessionId: 'context-session' };

describe('an identity attribute the span has at start wins over the context identity', () => {
  it('UserSessionSpanProcessor keeps a user.id given to startSpan and stamps the other field', () => {
    runWithUserSession(CONTEXT, () => {
      tracing.tracer.startSpan('on-behalf', { attributes: { 'user.id': 'explicit-user' } }).end();
    });
    expect(tracing.span('on-behalf').attributes).toEqual({
      'user.id': 'explicit-user',
      'session.id': 'context-session',
    });
  });

  it('a field set under any of its configured keys is left as the creator set it, under every key', () => {
    configure({ attributes: ['langfuse'] });
    runWithUserSession(CONTEXT, () => {
      tracing.tracer.startSpan('langfuse-only', { attributes: { 'langfuse.session.id': 'explicit' } }).end();
    });
    expect(tracing.span('langfuse-only').attributes).toEqual({
      'langfuse.session.id': 'explicit',
      'user.id': 'context-user',
      'langfuse.user.id': 'context-user',
    });
  });

  it('trace(fn, { attributes }) keeps them, with the processor and with a tracer of a provider without it', () => {
    const exporter = new InMemorySpanExporter();
    const bare = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const attributes = { 'session.id': 'explicit-session' };
    const tracedWithProcessor = trace(function withProcessor() {}, { attributes });
    const tracedWithoutProcessor = trace(function withoutProcessor() {}, {
      attributes,
      tracer: bare.getTracer('bare'),
    });
    runWithUserSession(CONTEXT, () => {
      tracedWithProcessor();
      tracedWithoutProcessor();
    });
    const expected = { 'user.id': 'context-user', 'session.id': 'explicit-session' };
    expect(tracing.span('withProcessor').attributes).toEqual(expected);
    expect(exporter.getFinishedSpans()[0]!.attributes).toEqual(expected);
  });

  it('a trace override wins over the context but not over a start attribute; its back-fill still overwrites', () => {
    const tracedRoot = trace(function root() {
      updateTraceUserSession({ userId: 'override' });
      const span = tracing.tracer.startSpan('explicit-child', { attributes: { 'user.id': 'explicit-user' } });
      const before = (span as unknown as { attributes: Record<string, unknown> }).attributes['user.id'];
      updateTraceUserSession({ userId: 'second-override' });
      span.end();
      return before;
    });
    expect(runWithUserSession(CONTEXT, () => tracedRoot())).toBe('explicit-user');
    expect(tracing.span('explicit-child').attributes['user.id']).toBe('second-override');
  });
});
