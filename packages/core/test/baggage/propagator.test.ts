import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRequestIdentity, type FrameworkBinding, type Scope } from '../../src/adapter';
import {
  type BaggageOptions,
  bindUserSession,
  configure,
  resetConfiguration,
  runWithUserSession,
  trace as traced,
  UserSessionBaggagePropagator,
  updateTraceUserSession,
} from '../../src/index';

afterEach(() => resetConfiguration());

const CHAT = 'http://chat.internal:8080';
const LLM = 'https://api.llm-provider.example';

const propagator = new UserSessionBaggagePropagator(new W3CBaggagePropagator());
const tracer = new BasicTracerProvider().getTracer('baggage-test');

/** The context an HTTP instrumentation injects for a request to `url`: its client span in `parent`. */
function clientContext(url: string, parent: Context = ROOT_CONTEXT, attribute = 'url.full'): Context {
  const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes: { [attribute]: url } }, parent);
  return trace.setSpan(parent, span);
}

/** The headers an instrumentation would send for `ctx`. */
function inject(ctx: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(ctx, headers, defaultTextMapSetter);
  return headers;
}

function withClientBaggage(entries: Record<string, string>): Context {
  const baggage = propagation.createBaggage(
    Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, { value }])),
  );
  return propagation.setBaggage(ROOT_CONTEXT, baggage);
}

const identity = { userId: 'u 1', sessionId: 's-1' };

const binding: FrameworkBinding<{ id: string }> = {
  defaultUserId: (request) => request.id,
  readHeader: () => undefined,
};

/** Runs `fn` in the request of user `userId` through a middleware mount with this `baggage` option. */
function inRequestOf<T>(baggage: BaggageOptions, userId: string, fn: () => T): T {
  const mount = createRequestIdentity({ baggage }, binding);
  return mount.run(mount.open({ id: userId }) as Scope, fn);
}

describe('UserSessionBaggagePropagator.inject', () => {
  it('sends the identity to an allowed destination', () => {
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    const headers = runWithUserSession(identity, () => inject(clientContext(`${CHAT}/reply`)));
    expect(headers).toEqual({ baggage: 'session.id=s-1,user.id=u%201' });
  });

  it('sends nothing of the identity elsewhere, and keeps the other entries', () => {
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    const parent = withClientBaggage({ tenant: 'acme', 'user.id': 'mallory', 'session.id': 'forged' });
    const headers = runWithUserSession(identity, () => inject(clientContext(`${LLM}/v1/chat`, parent)));
    expect(headers).toEqual({ baggage: 'tenant=acme' });
  });

  it('replaces identity entries that came in with the current identity', () => {
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    const parent = withClientBaggage({ 'user.id': 'mallory', tenant: 'acme' });
    const headers = runWithUserSession(identity, () => inject(clientContext(`${CHAT}/reply`, parent)));
    expect(headers.baggage?.split(',').sort()).toEqual(['session.id=s-1', 'tenant=acme', 'user.id=u%201']);
  });

  it('sends only the configured keys', () => {
    configure({ baggage: { write: { keys: ['sessionId'], propagateTo: [CHAT] } } });
    const headers = runWithUserSession(identity, () => inject(clientContext(`${CHAT}/reply`)));
    expect(headers).toEqual({ baggage: 'session.id=s-1' });
  });

  it('reads the older http.url attribute too', () => {
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    const headers = runWithUserSession(identity, () =>
      inject(clientContext(`${CHAT}/reply`, ROOT_CONTEXT, 'http.url')),
    );
    expect(headers).toEqual({ baggage: 'session.id=s-1,user.id=u%201' });
  });

  it('sends nothing when it cannot tell the destination', () => {
    configure({ baggage: { write: { propagateTo: () => true } } });
    const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('off');
    const nonRecording = trace.setSpan(ROOT_CONTEXT, unsampled.startSpan('GET', { kind: SpanKind.CLIENT }));
    const internal = trace.setSpan(
      ROOT_CONTEXT,
      tracer.startSpan('work', { kind: SpanKind.INTERNAL, attributes: { 'url.full': `${CHAT}/` } }),
    );
    const sent = runWithUserSession(identity, () =>
      [ROOT_CONTEXT, nonRecording, internal, clientContext('not a url')].map(inject),
    );
    expect(sent).toEqual([{}, {}, {}, {}]);
  });

  it('sends nothing and never throws when the allowlist predicate throws', () => {
    configure({
      baggage: {
        write: {
          propagateTo: () => {
            throw new Error('bad predicate');
          },
        },
      },
    });
    const parent = withClientBaggage({ tenant: 'acme' });
    expect(runWithUserSession(identity, () => inject(clientContext(`${CHAT}/`, parent)))).toEqual({
      baggage: 'tenant=acme',
    });
  });

  it('sends nothing without a configured write, nor outside any scope', () => {
    expect(runWithUserSession(identity, () => inject(clientContext(`${CHAT}/`)))).toEqual({});
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    expect(inject(clientContext(`${CHAT}/`, withClientBaggage({ 'session.id': 'forged' })))).toEqual({});
  });

  it('sends the pseudonym when user ids are hashed, as spans carry it', () => {
    configure({ hashUserId: (id) => `h(${id})`, baggage: { write: { propagateTo: [CHAT] } } });
    const headers = runWithUserSession({ userId: 'u' }, () => inject(clientContext(`${CHAT}/`)));
    expect(headers).toEqual({ baggage: 'user.id=h(u)' });
  });

  it('follows the write policy of the middleware mount that opened the request', () => {
    const [toLlm, toChat, nested] = inRequestOf({ write: { propagateTo: [LLM] } }, 'u-9', () => [
      inject(clientContext(`${LLM}/`)),
      inject(clientContext(`${CHAT}/`)),
      runWithUserSession({ sessionId: 's-9' }, () => inject(clientContext(`${LLM}/`))),
    ]);
    expect(toLlm).toEqual({ baggage: 'user.id=u-9' });
    expect(toChat).toEqual({});
    expect(nested).toEqual({ baggage: 'session.id=s-9,user.id=u-9' });
  });

  it("keeps the mount's write policy in callbacks bound with bindUserSession", () => {
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    const optedOut = inRequestOf({ write: false }, 'u-9', () =>
      bindUserSession(() => inject(clientContext(`${CHAT}/`))),
    );
    const optedIn = inRequestOf({ write: { propagateTo: [LLM] } }, 'u-9', () =>
      bindUserSession(() => inject(clientContext(`${LLM}/`))),
    );
    expect(optedOut()).toEqual({});
    expect(optedIn()).toEqual({ baggage: 'user.id=u-9' });
  });
});

describe('UserSessionBaggagePropagator.inject inside trace()', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider());
  });
  afterAll(() => {
    context.disable();
    trace.disable();
  });

  it('sends the identity spans of the trace get, with updateTraceUserSession applied', async () => {
    configure({ baggage: { write: { propagateTo: [CHAT] } } });
    const callChat = traced(async function callChat() {
      updateTraceUserSession({ userId: 'u-trace' });
      return inject(clientContext(`${CHAT}/`, context.active()));
    });
    const headers = await runWithUserSession({ userId: 'u-request', sessionId: 's-1' }, callChat);
    expect(headers).toEqual({ baggage: 'session.id=s-1,user.id=u-trace' });
  });
});

describe('UserSessionBaggagePropagator.extract', () => {
  it('keeps other entries but drops the identity a client sent', () => {
    const extracted = propagator.extract(
      context.active(),
      { baggage: 'tenant=acme,user.id=mallory,session.id=s-1' },
      defaultTextMapGetter,
    );
    expect(propagation.getBaggage(extracted)?.getAllEntries()).toEqual([['tenant', { value: 'acme' }]]);
  });

  it('returns the context unchanged without a header, and names the baggage header', () => {
    const ctx = ROOT_CONTEXT;
    expect(propagator.extract(ctx, {}, defaultTextMapGetter)).toBe(ctx);
    expect(propagator.fields()).toEqual(['baggage']);
  });
});
