import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequestIdentity, type RequestIdentity, type Scope } from '../../src/adapter';
import {
  configure,
  getUserSessionContext,
  resetConfiguration,
  runWithUserSession,
  type SessionMiddlewareOptions,
  setUserSessionContext,
} from '../../src/index';
import { type InvalidIdReport, recordInvalidIds } from '../support/invalid-id-reports';
import { fakeBinding as binding, type FakeRequest, fakeRequest as request } from './fake-framework';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let reports: InvalidIdReport[];
beforeEach(() => {
  reports = recordInvalidIds();
});
afterEach(() => resetConfiguration());

function identity(options: SessionMiddlewareOptions<FakeRequest> = {}): RequestIdentity<FakeRequest> {
  return createRequestIdentity(options, binding);
}

function openSync(mount: RequestIdentity<FakeRequest>, req: FakeRequest): Scope {
  const scope = mount.open(req);
  if (scope instanceof Promise) throw new Error('expected open() to be synchronous');
  return scope;
}

function seenIn(mount: RequestIdentity<FakeRequest>, scope: Scope) {
  return mount.run(scope, () => getUserSessionContext());
}

describe('createRequestIdentity with synchronous extractors', () => {
  it('opens the scope synchronously from the default user and the x-session-id header', () => {
    const mount = identity();
    expect(mount.sessionHeader).toBe('x-session-id');
    const scope = openSync(mount, request({ 'x-session-id': 's1' }, 'u1'));
    expect(seenIn(mount, scope)).toStrictEqual({ userId: 'u1', sessionId: 's1' });
    expect(reports).toEqual([]);
  });

  it('passes the request object itself to the extractors and turns numbers into strings', () => {
    const req = request();
    const received: unknown[] = [];
    const mount = identity({
      getUserId: (r) => {
        received.push(r);
        return 42;
      },
      getSessionId: (r) => {
        received.push(r);
        return 7;
      },
    });
    expect(seenIn(mount, openSync(mount, req))).toStrictEqual({ userId: '42', sessionId: '7' });
    expect(received).toEqual([req, req]);
    expect(received[0]).toBe(req);
  });

  it('reads a custom session header by its lower-case name, and none when it is false', () => {
    const custom = identity({ sessionHeader: 'X-Conversation-Id' });
    expect(custom.sessionHeader).toBe('x-conversation-id');
    const req = request({ 'x-conversation-id': 'c1', 'x-session-id': 's1' });
    expect(seenIn(custom, openSync(custom, req))).toStrictEqual({ sessionId: 'c1' });

    const none = identity({ sessionHeader: false });
    expect(none.sessionHeader).toBeUndefined();
    expect(seenIn(none, openSync(none, req))).toStrictEqual({});
  });

  it('refuses at set-up a session header name HTTP cannot carry, instead of failing each request', () => {
    for (const name of ['', 'x session', 'x-séance', 'x-session:', 'x-session\n']) {
      expect(() => identity({ sessionHeader: name }), JSON.stringify(name)).toThrow(TypeError);
    }
    expect(identity({ sessionHeader: "X-Conv_Id.v1!#$%&'*+^`|~" }).sessionHeader).toBe(
      "x-conv_id.v1!#$%&'*+^`|~",
    );
  });

  it('keeps concurrent requests apart', async () => {
    const mount = identity();
    const handle = (userId: string) => {
      const scope = openSync(mount, request({ 'x-session-id': `${userId}-session` }, userId));
      return mount.run(scope, async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return getUserSessionContext();
      });
    };
    expect(await Promise.all([handle('a'), handle('b')])).toStrictEqual([
      { userId: 'a', sessionId: 'a-session' },
      { userId: 'b', sessionId: 'b-session' },
    ]);
  });
});

describe('a session header of which Node keeps only the first value when repeated', () => {
  /** A request as Node has it: `headers` with the first value only, `distinct` with every value. */
  type NodeLikeRequest = FakeRequest & { distinct?: Record<string, string[]> };
  const readHeaderValues = vi.fn((req: NodeLikeRequest, name: string) => req.distinct?.[name]);
  const nodeBinding = { ...binding, readHeaderValues };
  const nodeRequest = (name: string, values: string[] | undefined): NodeLikeRequest => ({
    headers: { [name]: values?.[0] },
    ...(values === undefined ? {} : { distinct: { [name]: values } }),
  });
  afterEach(() => readHeaderValues.mockClear());

  it('is read with every value, so sent twice it is dropped as ambiguous', () => {
    const mount = createRequestIdentity({ sessionHeader: 'Authorization' }, nodeBinding);
    const once = nodeRequest('authorization', ['a']);
    expect(seenIn(mount, openSync(mount, once))).toStrictEqual({ sessionId: 'a' });
    const twice = nodeRequest('authorization', ['a', 'b']);
    expect(seenIn(mount, openSync(mount, twice))).toStrictEqual({});
    expect(reports).toEqual([['sessionId', 'ambiguous']]);
  });

  it('falls back to readHeader when readHeaderValues cannot tell', () => {
    const mount = createRequestIdentity({ sessionHeader: 'user-agent' }, nodeBinding);
    const withoutDistinct: NodeLikeRequest = { headers: { 'user-agent': 'ua-session' } };
    expect(seenIn(mount, openSync(mount, withoutDistinct))).toStrictEqual({ sessionId: 'ua-session' });
    expect(readHeaderValues).toHaveBeenCalledOnce();
  });

  it('is read through readHeader alone by a binding without readHeaderValues', () => {
    const mount = identity({ sessionHeader: 'authorization' });
    expect(seenIn(mount, openSync(mount, request({ authorization: 'a' })))).toStrictEqual({ sessionId: 'a' });
  });

  it('any other header, x-session-id included, is read through readHeader alone', () => {
    for (const sessionHeader of ['x-session-id', 'x-conversation']) {
      const mount = createRequestIdentity({ sessionHeader }, nodeBinding);
      const req = nodeRequest(sessionHeader, ['s1']);
      expect(seenIn(mount, openSync(mount, req))).toStrictEqual({ sessionId: 's1' });
    }
    expect(readHeaderValues).not.toHaveBeenCalled();
  });
});

describe('createRequestIdentity with asynchronous extractors', () => {
  it('opens the scope once the extractors resolved', async () => {
    const mount = identity({
      getUserId: async (req) => req.user?.id as string,
      getSessionId: async () => 's1',
    });
    const opened = mount.open(request({}, 'u1'));
    expect(opened).toBeInstanceOf(Promise);
    expect(seenIn(mount, await opened)).toStrictEqual({ userId: 'u1', sessionId: 's1' });
  });

  it('mixes a synchronous and an asynchronous extractor', async () => {
    const mount = identity({ getSessionId: async () => 's1' });
    expect(seenIn(mount, await mount.open(request({}, 'u1')))).toStrictEqual({
      userId: 'u1',
      sessionId: 's1',
    });
  });
});

describe('failing extractors are reported as extractor-error and never throw', () => {
  it('a throwing user extractor: reported once, not retried on later reads, the session still applies', () => {
    let calls = 0;
    const mount = identity({
      getUserId: () => {
        calls++;
        throw new Error('no user');
      },
    });
    const req = request({ 'x-session-id': 's1' });
    const scope = openSync(mount, req);
    req.user = { id: 'late' };
    expect(seenIn(mount, scope)).toStrictEqual({ sessionId: 's1' });
    expect(seenIn(mount, scope)).toStrictEqual({ sessionId: 's1' });
    expect(calls).toBe(1);
    expect(reports).toEqual([['userId', 'extractor-error']]);
  });

  it('a rejecting session extractor: reported, the user still applies', async () => {
    const mount = identity({ getSessionId: () => Promise.reject(new Error('store down')) });
    const scope = await mount.open(request({}, 'u1'));
    expect(seenIn(mount, scope)).toStrictEqual({ userId: 'u1' });
    expect(reports).toEqual([['sessionId', 'extractor-error']]);
  });

  it('a rejecting user extractor', async () => {
    const mount = identity({ getUserId: async () => Promise.reject(new Error('auth down')) });
    const scope = await mount.open(request({ 'x-session-id': 's1' }));
    expect(seenIn(mount, scope)).toStrictEqual({ sessionId: 's1' });
    expect(reports).toEqual([['userId', 'extractor-error']]);
  });

  it('a throwing header reader of the framework binding', () => {
    const mount = createRequestIdentity<FakeRequest>(
      {},
      {
        ...binding,
        readHeader: () => {
          throw new Error('bad header');
        },
      },
    );
    expect(seenIn(mount, openSync(mount, request({}, 'u1')))).toStrictEqual({ userId: 'u1' });
    expect(reports).toEqual([['sessionId', 'extractor-error']]);
  });

  it('even when onInvalidId throws too', async () => {
    configure({
      onInvalidId: () => {
        throw new Error('callback failed');
      },
    });
    const mount = identity({
      getUserId: () => {
        throw new Error('no user');
      },
      getSessionId: async () => {
        throw new Error('no session');
      },
    });
    await expect(mount.open(request())).resolves.toBeDefined();
  });
});

describe('invalid extractor results', () => {
  it.each([
    ['an object', {}, 'invalid-type'],
    ['the empty string', '', 'empty'],
    ['257 characters', 'x'.repeat(257), 'too-long'],
    ['CR LF', 'a\r\nb', 'control-character'],
  ] as const)('a user id that is %s is dropped and reported', (_name, value, reason) => {
    const mount = identity({ getUserId: () => value as string });
    expect(seenIn(mount, openSync(mount, request({ 'x-session-id': 's1' })))).toStrictEqual({
      sessionId: 's1',
    });
    expect(reports).toEqual([['userId', reason]]);
  });

  it('a session header that occurred more than once (joined with a comma) is dropped as ambiguous', () => {
    const mount = identity();
    const scope = openSync(mount, request({ 'x-session-id': 's1, s2' }, 'u1'));
    expect(seenIn(mount, scope)).toStrictEqual({ userId: 'u1' });
    expect(reports).toEqual([['sessionId', 'ambiguous']]);
  });

  it('an ambiguous header is not used even when a new session would be generated instead', () => {
    const mount = identity({ generateSessionId: () => 'generated' });
    const scope = openSync(mount, request({ 'x-session-id': 'a,b' }));
    expect(seenIn(mount, scope)).toStrictEqual({ sessionId: 'generated' });
    expect(reports).toEqual([['sessionId', 'ambiguous']]);
  });
});

describe('generateSessionId and sessionIdToExpose', () => {
  it('generates a UUID when the request carries no session, and exposes it', () => {
    const mount = identity({ generateSessionId: true });
    const scope = openSync(mount, request());
    const { sessionId } = seenIn(mount, scope);
    expect(sessionId).toMatch(UUID);
    expect(mount.sessionIdToExpose(scope)).toBe(sessionId);
    expect(seenIn(mount, openSync(mount, request())).sessionId).not.toBe(sessionId);
  });

  it('uses the session the request carries, and does not expose it by default', () => {
    const mount = identity({ generateSessionId: true });
    const scope = openSync(mount, request({ 'x-session-id': 's1' }));
    expect(seenIn(mount, scope).sessionId).toBe('s1');
    expect(mount.sessionIdToExpose(scope)).toBeUndefined();
  });

  it('uses a custom generator and reports one that throws', () => {
    const custom = identity({ generateSessionId: () => 'gen-1' });
    expect(seenIn(custom, openSync(custom, request())).sessionId).toBe('gen-1');

    const failing = identity({
      generateSessionId: () => {
        throw new Error('no entropy');
      },
    });
    const scope = openSync(failing, request());
    expect(seenIn(failing, scope)).toStrictEqual({});
    expect(failing.sessionIdToExpose(scope)).toBeUndefined();
    expect(reports).toEqual([['sessionId', 'extractor-error']]);
  });

  it('does not generate by default', () => {
    const mount = identity();
    const scope = openSync(mount, request());
    expect(seenIn(mount, scope)).toStrictEqual({});
    expect(mount.sessionIdToExpose(scope)).toBeUndefined();
  });

  it('exposeSessionId: true sends back any session id, false never', () => {
    const always = identity({ exposeSessionId: true });
    expect(always.sessionIdToExpose(openSync(always, request({ 'x-session-id': 's1' })))).toBe('s1');
    expect(always.sessionIdToExpose(openSync(always, request()))).toBeUndefined();

    const never = identity({ exposeSessionId: false, generateSessionId: true });
    const scope = openSync(never, request());
    expect(seenIn(never, scope).sessionId).toMatch(UUID);
    expect(never.sessionIdToExpose(scope)).toBeUndefined();
  });

  it('exposes nothing when there is no session header', () => {
    const mount = identity({ sessionHeader: false, generateSessionId: true, exposeSessionId: true });
    const scope = openSync(mount, request());
    expect(seenIn(mount, scope).sessionId).toMatch(UUID);
    expect(mount.sessionIdToExpose(scope)).toBeUndefined();
  });
});

describe('sessionIdToExpose never returns an id an HTTP header cannot carry as it is', () => {
  // Node's setHeader refuses any character outside TAB, 0x20-0x7E and 0x80-0xFF; the fetch Headers
  // refuses any above 0xFF (and NUL, CR, LF, which validation already drops as control characters).
  // A space at either end is sent, but stripped by the receiving parser: the client would resume
  // another id.
  const unsendable = ['séance-会話', 'emoji-🙂', 'lone-\ud800', ' leading-space', 'trailing-space '];

  it('keeps such an id for spans, does not expose it, and warns once, naming the header', () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      for (const id of unsendable) {
        const generated = identity({ generateSessionId: () => id });
        const scope = openSync(generated, request());
        expect(seenIn(generated, scope)).toStrictEqual({ sessionId: id });
        expect(generated.sessionIdToExpose(scope)).toBeUndefined();

        const echoed = identity({ exposeSessionId: true, getSessionId: () => id });
        const echoedScope = openSync(echoed, request());
        expect(seenIn(echoed, echoedScope)).toStrictEqual({ sessionId: id });
        expect(echoed.sessionIdToExpose(echoedScope)).toBeUndefined();
      }
      const messages = warned.mock.calls.map((args) => String(args[0]));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('x-session-id');
      expect(messages[0]).not.toContain('会話'); // the id itself is never logged
      expect(reports).toEqual([]); // the id is valid and kept: nothing was dropped
    } finally {
      warned.mockRestore();
    }
  });

  it('exposes Latin-1 ids, which both Node and fetch send as bytes', () => {
    const mount = identity({ exposeSessionId: true, getSessionId: () => 'café au lait ÿ' });
    expect(mount.sessionIdToExpose(openSync(mount, request()))).toBe('café au lait ÿ');
  });
});

describe('a user set on the request later (authentication mounted after the middleware)', () => {
  it('is picked up lazily on the next read, then kept', () => {
    const mount = identity();
    const req = request({ 'x-session-id': 's1' });
    const scope = openSync(mount, req);
    mount.run(scope, () => {
      expect(getUserSessionContext()).toStrictEqual({ sessionId: 's1' });
      req.user = { id: 'late' };
      expect(getUserSessionContext()).toStrictEqual({ userId: 'late', sessionId: 's1' });
      req.user = { id: 'someone-else' };
      expect(getUserSessionContext()).toStrictEqual({ userId: 'late', sessionId: 's1' });
    });
  });

  it('is seen by a child scope opened before it was known', () => {
    const mount = identity();
    const req = request();
    const scope = openSync(mount, req);
    mount.run(scope, () =>
      runWithUserSession({ sessionId: 'child' }, () => {
        req.user = { id: 'late' };
        expect(getUserSessionContext()).toStrictEqual({ userId: 'late', sessionId: 'child' });
      }),
    );
  });

  it('is validated and hashed like any other id', () => {
    configure({ hashUserId: true });
    const mount = identity();
    const req = request();
    const scope = openSync(mount, req);
    req.user = { id: 'alice@example.com' };
    const hashed = createHash('sha256').update('alice@example.com').digest('hex');
    expect(seenIn(mount, scope).userId).toBe(hashed);
    expect(scope.userId).toBe(hashed);

    const invalidReq = request();
    const invalidScope = openSync(mount, invalidReq);
    invalidReq.user = { id: 'a\nb' };
    expect(seenIn(mount, invalidScope)).toStrictEqual({});
    expect(seenIn(mount, invalidScope)).toStrictEqual({});
    expect(reports).toEqual([['userId', 'control-character']]);
  });

  it('is overridden by setUserSessionContext, which stops the lookup', () => {
    const mount = identity();
    const req = request();
    const scope = openSync(mount, req);
    mount.run(scope, () => {
      setUserSessionContext({ userId: 'explicit' });
      req.user = { id: 'late' };
      expect(getUserSessionContext().userId).toBe('explicit');
    });
  });

  it('a user id known at open time is hashed there', () => {
    configure({ hashUserId: { secret: 'pepper' } });
    const mount = identity();
    const scope = openSync(mount, request({}, 'alice@example.com'));
    expect(scope.userId).not.toBe('alice@example.com');
    expect(scope.userId).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('nested mounts', () => {
  it('merge() lays the inner mount ids over the request scope', () => {
    const outer = identity();
    const inner = identity({ getUserId: () => 'inner-user', sessionHeader: false });
    const req = request({ 'x-session-id': 's1' }, 'outer-user');
    const scope = openSync(outer, req);
    expect(inner.merge(scope, req)).toBeUndefined();
    expect(seenIn(inner, scope)).toStrictEqual({ userId: 'inner-user', sessionId: 's1' });
  });

  it("an inner mount that finds no user keeps the outer mount's lazy lookup", () => {
    const outer = identity();
    const inner = identity({ getUserId: (req) => req.headers['x-route-user'] });
    const req = request({ 'x-session-id': 's1' });
    const scope = openSync(outer, req);
    expect(inner.merge(scope, req)).toBeUndefined();
    req.user = { id: 'authenticated-later' }; // authentication mounted after both
    expect(seenIn(inner, scope)).toStrictEqual({ userId: 'authenticated-later', sessionId: 's1' });
  });

  it("an inner mount's session id over a generated one is not sent back as if it had been generated", () => {
    const outer = identity({ generateSessionId: () => 'generated' });
    const inner = identity({ getSessionId: (req) => req.headers['x-admin-ticket'] });
    const req = request({ 'x-admin-ticket': 'ticket' });
    const scope = openSync(outer, req);
    expect(outer.sessionIdToExpose(scope)).toBe('generated'); // sent back when the scope opened
    expect(inner.merge(scope, req)).toBeUndefined();
    expect(seenIn(inner, scope)).toStrictEqual({ sessionId: 'ticket' });
    expect(inner.sessionIdToExpose(scope)).toBeUndefined();
    expect(outer.sessionIdToExpose(scope)).toBeUndefined();
    expect(identity({ exposeSessionId: true }).sessionIdToExpose(scope)).toBe('ticket'); // asked for
  });

  it('nor is one an inner mount takes from baggage after the generated one was cleared', () => {
    const outer = identity({ generateSessionId: () => 'generated' });
    const inner = identity({ baggage: { read: true } });
    const req = request({ baggage: 'session.id=from-baggage' });
    const scope = openSync(outer, req);
    outer.run(scope, () => setUserSessionContext({ sessionId: null }));
    inner.merge(scope, req);
    expect(seenIn(inner, scope)).toStrictEqual({ sessionId: 'from-baggage' });
    expect(inner.sessionIdToExpose(scope)).toBeUndefined();
  });

  it('liveView() returns a live view through which every mount finds the scope again', () => {
    const mount = identity();
    const nested = identity();
    const scope = openSync(mount, request({}, 'u1'));
    const view = mount.liveView(scope);
    expect(mount.scopeOf(view)).toBe(scope);
    expect(nested.scopeOf(view)).toBe(scope);
    for (const notAView of [undefined, null, 'u1', {}, { ...scope }, JSON.parse(JSON.stringify(view))]) {
      expect(mount.scopeOf(notAView)).toBeUndefined();
    }
    expect(view.sessionId).toBe(scope.sessionId);
    nested.merge(scope, request({ 'x-session-id': 'merged' }));
    expect(view.sessionId).toBe('merged'); // live: reads the scope at each access
  });

  it('the live view shows the identity, not the scope, to JSON, console.log and util.inspect', () => {
    const mount = identity();
    const view = mount.liveView(openSync(mount, request({ 'x-session-id': 's1' }, 'u1')));
    expect(JSON.stringify(view)).toBe('{"userId":"u1","sessionId":"s1"}');
    expect(inspect(view)).toBe("{ userId: 'u1', sessionId: 's1' }");
  });
});
