import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configure,
  type IdField,
  isUserIdPseudonymised,
  resetConfiguration,
  runWithUserSession,
  stampUserSession,
  trace,
  updateTraceUserSession,
} from '../../src/index';
import { registerTestTracing } from './otel-setup';

// No UserSessionSpanProcessor: every identity attribute seen here was written by stampUserSession
// (or by trace() on its own spans).
const tracing = registerTestTracing(false);
afterEach(() => {
  tracing.exporter.reset();
  resetConfiguration();
});

const sha256 = (id: string) => createHash('sha256').update(id).digest('hex');

/** Starts and ends a span named `name`, stamped with `stampUserSession(span, pickedUp)`. */
function stampedSpan(name: string, pickedUp?: string): void {
  const span = tracing.tracer.startSpan(name);
  stampUserSession(span, pickedUp);
  span.end();
}

describe('isUserIdPseudonymised', () => {
  it('follows configure({ hashUserId })', () => {
    expect(isUserIdPseudonymised()).toBe(false);
    configure({ hashUserId: true });
    expect(isUserIdPseudonymised()).toBe(true);
    configure({ hashUserId: { secret: 'pepper' } });
    expect(isUserIdPseudonymised()).toBe(true);
    configure({ hashUserId: false });
    expect(isUserIdPseudonymised()).toBe(false);
  });
});

describe('stampUserSession', () => {
  it('writes the context identity under every configured key', () => {
    configure({ attributes: ['langfuse'] });
    runWithUserSession({ userId: 'u1', sessionId: 's1' }, () => stampedSpan('llm'));
    expect(tracing.span('llm').attributes).toEqual({
      'user.id': 'u1',
      'session.id': 's1',
      'langfuse.user.id': 'u1',
      'langfuse.session.id': 's1',
    });
  });

  it('outside a trace, puts a picked-up user on the span only when the context has none', () => {
    runWithUserSession({ sessionId: 's1' }, () => stampedSpan('anonymous', 'picked'));
    runWithUserSession({ userId: 'known' }, () => stampedSpan('known', 'picked'));
    stampedSpan('no-scope', 'picked');
    expect(tracing.span('anonymous').attributes).toEqual({ 'user.id': 'picked', 'session.id': 's1' });
    expect(tracing.span('known').attributes).toEqual({ 'user.id': 'known' });
    expect(tracing.span('no-scope').attributes).toEqual({ 'user.id': 'picked' });
  });

  it('validates and hashes a picked-up user like any user id', () => {
    const dropped: IdField[] = [];
    configure({ hashUserId: true, onInvalidId: (field) => dropped.push(field) });
    stampedSpan('hashed', 'picked');
    stampedSpan('invalid', 'bad\nid');
    expect(tracing.span('hashed').attributes).toEqual({ 'user.id': sha256('picked') });
    expect(tracing.span('invalid').attributes).toEqual({});
    expect(dropped).toEqual(['userId']);
  });

  it('inside trace(), offers the picked-up user to the trace: the root span gets it too', async () => {
    const handler = trace(
      async () => {
        stampedSpan('llm', 'picked');
        stampedSpan('after', undefined);
      },
      { name: 'handler' },
    );
    await runWithUserSession({ sessionId: 's1' }, handler);
    for (const name of ['handler', 'llm', 'after']) {
      expect(tracing.span(name).attributes['user.id'], name).toBe('picked');
    }
  });

  it('inside trace(), loses to the request user and to updateTraceUserSession', async () => {
    const withRequestUser = trace(async function requestUser() {
      stampedSpan('llm-request-user', 'picked');
    });
    const withOverride = trace(async function override() {
      updateTraceUserSession({ userId: 'override' });
      stampedSpan('llm-override', 'picked');
    });
    const withRemovedUser = trace(async function removed() {
      updateTraceUserSession({ userId: null });
      stampedSpan('llm-removed', 'picked');
    });
    await runWithUserSession({ userId: 'request' }, withRequestUser);
    await runWithUserSession({}, withOverride);
    await runWithUserSession({ userId: 'request' }, withRemovedUser);
    expect(tracing.span('llm-request-user').attributes['user.id']).toBe('request');
    expect(tracing.span('llm-override').attributes['user.id']).toBe('override');
    expect(tracing.span('llm-removed').attributes['user.id']).toBeUndefined();
  });

  it('never throws, also for a span that does', () => {
    const broken = {
      setAttribute() {
        throw new Error('broken span');
      },
    } as never;
    expect(() => runWithUserSession({ userId: 'u1' }, () => stampUserSession(broken, 'x'))).not.toThrow();
  });
});
