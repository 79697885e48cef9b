import { context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRequestIdentity, type Scope } from '../../src/adapter';
import { fakeBinding as binding, type FakeRequest } from './fake-framework';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
  't',
);

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());
beforeEach(() => exporter.reset());

/** Opens `request` through a mount while `span` is active, as an HTTP instrumentation's server span is. */
function openWithin(span: Span, request: FakeRequest) {
  const mount = createRequestIdentity({}, binding);
  const scope = context.with(trace.setSpan(context.active(), span), () => mount.open(request)) as Scope;
  return { mount, scope };
}

function endedAttributes(span: Span) {
  span.end();
  return exporter.getFinishedSpans().find((s) => s.spanContext().spanId === span.spanContext().spanId)!
    .attributes;
}

describe('the HTTP server span of a request', () => {
  it('gets the identity the middleware found', () => {
    const server = tracer.startSpan('GET /chat', { kind: SpanKind.SERVER });
    openWithin(server, { headers: { 'x-session-id': 's-1' }, user: { id: 'u-1' } });
    expect(endedAttributes(server)).toMatchObject({ 'user.id': 'u-1', 'session.id': 's-1' });
  });

  it('gets a user set after the middleware when the request ends', () => {
    const server = tracer.startSpan('GET /chat', { kind: SpanKind.SERVER });
    const request: FakeRequest = { headers: { 'x-session-id': 's-1' } };
    const { mount, scope } = openWithin(server, request);
    request.user = { id: 'u-late' };
    mount.end(scope, request);
    expect(endedAttributes(server)).toMatchObject({ 'user.id': 'u-late', 'session.id': 's-1' });
  });

  it('leaves spans of other kinds alone, and a span that already ended', () => {
    const internal = tracer.startSpan('work', { kind: SpanKind.INTERNAL });
    openWithin(internal, { headers: { 'x-session-id': 's-1' } });
    expect(endedAttributes(internal)).toEqual({});

    const server = tracer.startSpan('GET /chat', { kind: SpanKind.SERVER });
    const request: FakeRequest = { headers: {} };
    const { mount, scope } = openWithin(server, request);
    const attributes = endedAttributes(server);
    request.user = { id: 'u-late' };
    expect(() => mount.end(scope, request)).not.toThrow();
    expect(attributes).toEqual({});
  });
});
