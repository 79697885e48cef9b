import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequestIdentity, type FrameworkBinding, type Scope } from '../../src/adapter';
import {
  configure,
  getUserSessionContext,
  resetConfiguration,
  type SessionMiddlewareOptions,
} from '../../src/index';
import { fakeBinding as binding, type FakeRequest } from '../middleware/fake-framework';
import { type InvalidIdReport, recordInvalidIds } from '../support/invalid-id-reports';

let reports: InvalidIdReport[];
beforeEach(() => {
  reports = recordInvalidIds();
});
afterEach(() => resetConfiguration());

/** Runs one request through a mount (and nested mounts) and returns the identity its handler sees. */
function identityOf(
  req: FakeRequest,
  ...mounts: Array<SessionMiddlewareOptions<FakeRequest>>
): { userId?: string; sessionId?: string } {
  const [outer, ...nested] = mounts.map((options) => createRequestIdentity(options, binding));
  const scope = outer!.open(req) as Scope;
  for (const mount of nested) mount.merge(scope, req);
  return outer!.run(scope, () => ({ ...getUserSessionContext() }));
}

const fromGateway = (baggage: string, headers: Record<string, string> = {}): FakeRequest => ({
  headers: { baggage, ...headers },
});

describe('reading the identity from incoming baggage', () => {
  it('ignores baggage unless read is configured', () => {
    expect(identityOf(fromGateway('session.id=s-1,user.id=u-1'), {})).toEqual({});
    configure({ baggage: { write: { propagateTo: ['http://chat.internal:8080'] } } });
    expect(identityOf(fromGateway('session.id=s-1,user.id=u-1'), {})).toEqual({});
  });

  it('takes the session but not the user by default once read is on', () => {
    configure({ baggage: { read: true } });
    expect(identityOf(fromGateway('session.id=s-1,user.id=mallory'), {})).toEqual({ sessionId: 's-1' });
  });

  it('takes the user only when read.userId is set', () => {
    configure({ baggage: { read: { userId: true } } });
    expect(identityOf(fromGateway('session.id=s-1,user.id=u-1'), {})).toEqual({
      userId: 'u-1',
      sessionId: 's-1',
    });
  });

  it("prefers the request's own sources", () => {
    configure({ baggage: { read: { userId: true } } });
    const req = {
      headers: { baggage: 'session.id=s-bag,user.id=u-bag', 'x-session-id': 's-own' },
      user: { id: 7 },
    };
    expect(identityOf(req, {})).toEqual({ userId: '7', sessionId: 's-own' });
  });

  it('lets an authentication step that runs later replace a user taken from baggage', () => {
    configure({ baggage: { read: { userId: true } } });
    const req: FakeRequest = fromGateway('user.id=u-bag');
    const mount = createRequestIdentity({}, binding);
    const scope = mount.open(req) as Scope;
    expect(mount.run(scope, () => getUserSessionContext().userId)).toBe('u-bag');
    req.user = { id: 'u-auth' };
    expect(mount.run(scope, () => getUserSessionContext().userId)).toBe('u-auth');
  });

  it('resumes the session from baggage instead of generating a new one', () => {
    configure({ baggage: { read: true } });
    expect(identityOf(fromGateway('session.id=s-1'), { generateSessionId: () => 'fresh' })).toEqual({
      sessionId: 's-1',
    });
    expect(identityOf(fromGateway('tenant=a'), { generateSessionId: () => 'fresh' })).toEqual({
      sessionId: 'fresh',
    });
  });

  it('validates baggage values like header values and reports the dropped ones', () => {
    configure({ baggage: { read: { userId: true } } });
    expect(identityOf(fromGateway('session.id=a%2Cb,user.id=x%0Ay'), {})).toEqual({});
    expect(identityOf(fromGateway(`session.id=${'s'.repeat(300)},user.id=`), {})).toEqual({});
    expect(reports).toEqual([
      ['sessionId', 'ambiguous'],
      ['userId', 'control-character'],
      ['sessionId', 'too-long'],
      ['userId', 'empty'],
    ]);
  });

  it('drops a key given twice and reports it as ambiguous', () => {
    configure({ baggage: { read: true } });
    expect(identityOf(fromGateway('session.id=a, session.id=b'), {})).toEqual({});
    expect(reports).toEqual([['sessionId', 'ambiguous']]);
  });

  it('ignores malformed headers without failing the request', () => {
    configure({ baggage: { read: { userId: true } } });
    for (const header of ['session.id=%E0%A4%A', '===,,;;', 'session.id', '\u0000']) {
      expect(identityOf(fromGateway(header), {})).toEqual({});
    }
    const throwingBinding: FrameworkBinding<FakeRequest> = {
      defaultUserId: () => undefined,
      readHeader: (_request, name) => {
        if (name === 'baggage') throw new Error('broken header access');
        return undefined;
      },
    };
    const mount = createRequestIdentity({}, throwingBinding);
    expect(
      mount.run(mount.open(fromGateway('session.id=s')) as Scope, () => getUserSessionContext()),
    ).toEqual({});
  });

  it('hashes user ids from baggage like every user id', () => {
    configure({ hashUserId: (id) => `h(${id})`, baggage: { read: { userId: true } } });
    expect(identityOf(fromGateway('user.id=u-1'), {})).toEqual({ userId: 'h(u-1)' });
  });

  it('lets a mount override the global read policy for its requests', () => {
    configure({ baggage: { read: false } });
    const req = fromGateway('session.id=s-1,user.id=u-1');
    expect(identityOf(req, {})).toEqual({});
    expect(identityOf(req, { baggage: { read: true } })).toEqual({ sessionId: 's-1' });
    expect(identityOf(req, { baggage: { read: { userId: true } } })).toEqual({
      userId: 'u-1',
      sessionId: 's-1',
    });
  });

  it('applies a nested mount’s read policy on its route only', () => {
    configure({ baggage: { read: true } });
    const req = fromGateway('session.id=s-1,user.id=u-1');
    expect(identityOf(req, {}, { baggage: { read: { userId: true } } })).toEqual({
      userId: 'u-1',
      sessionId: 's-1',
    });
    expect(identityOf(req, {}, {})).toEqual({ sessionId: 's-1' });
  });
});
