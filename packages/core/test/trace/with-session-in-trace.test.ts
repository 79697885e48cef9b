import { afterEach, describe, expect, it } from 'vitest';
import {
  getUserSessionContext,
  offerTraceUserId,
  runWithUserSession,
  trace,
  updateTraceUserSession,
  type WithSessionOptions,
  withSession,
} from '../../src/index';
import { registerTestTracing } from './otel-setup';

const tracing = registerTestTracing();
afterEach(() => tracing.exporter.reset());

/** The user `session.userId` names, the one `fn` sees, and the one on a span `fn` starts. */
function usersOf(opts: WithSessionOptions): unknown[] {
  return withSession(opts, (session) => {
    const span = tracing.tracer.startSpan('in-session');
    span.end();
    return [session.userId, getUserSessionContext().userId, tracing.span('in-session').attributes['user.id']];
  });
}

describe('withSession inside a trace() whose user was overridden or picked up', () => {
  it('session.userId is the updateTraceUserSession user that fn and its spans see', () => {
    const users = runWithUserSession({ userId: 'request-user' }, () =>
      trace(function handler() {
        updateTraceUserSession({ userId: 'acting-for' });
        return usersOf({});
      })(),
    );
    expect(users).toEqual(['acting-for', 'acting-for', 'acting-for']);
  });

  it('the override has precedence over opts.userId too, and session.userId says so', () => {
    const users = trace(function handler() {
      updateTraceUserSession({ userId: 'acting-for' });
      return usersOf({ userId: 'explicit' });
    })();
    expect(users).toEqual(['acting-for', 'acting-for', 'acting-for']);
  });

  it('session.userId is the picked-up user when neither the trace nor the request has one', () => {
    const users = runWithUserSession({ sessionId: 's1' }, () =>
      trace(function chat() {
        offerTraceUserId('end-user-7');
        return usersOf({});
      })(),
    );
    expect(users).toEqual(['end-user-7', 'end-user-7', 'end-user-7']);
  });
});
