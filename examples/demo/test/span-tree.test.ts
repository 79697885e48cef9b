import { type Attributes, context, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { CHAT_ATTRIBUTES } from '@sessionscope/example-shared';
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { buildDemoResult } from '../src/demo-result';
import { checkIdentity } from '../src/identity-check';
import { renderTree } from '../src/render-tree';
import { groupSpans } from '../src/span-tree';

/** Real SDK spans, made by hand: one trace per call, a root and its children. */
function recorder() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('span-tree-test');
  return {
    exporter,
    trace(root: string, attributes: Attributes, children: Array<[string, Attributes]>, failed = false): void {
      const rootSpan = tracer.startSpan(root, { attributes });
      const parent = trace.setSpan(context.active(), rootSpan);
      for (const [name, childAttributes] of children)
        tracer.startSpan(name, { attributes: childAttributes }, parent).end();
      if (failed) rootSpan.setStatus({ code: SpanStatusCode.ERROR, message: 'model down' });
      rootSpan.end();
    },
  };
}

const identity = (userId: string, sessionId: string): Attributes => ({
  'user.id': userId,
  'session.id': sessionId,
});

describe('groupSpans', () => {
  it('groups traces user → session → trace by the identity on their root span, in order of first start', () => {
    const spans = recorder();
    spans.trace('chat.answer', { ...identity('u1', 's1'), [CHAT_ATTRIBUTES.question]: 'q1' }, [
      ['retrieve', identity('u1', 's1')],
      ['completion', identity('u1', 's1')],
    ]);
    spans.trace('chat.answer', identity('u2', 's2'), [['completion', identity('u2', 's2')]], true);
    spans.trace('chat.stream', identity('u1', 's1'), [
      ['completion', { ...identity('u1', 's1'), [CHAT_ATTRIBUTES.streamedChunks]: 7 }],
    ]);
    spans.trace('chat.answer', identity('u1', 's3'), []);

    const users = groupSpans(spans.exporter.getFinishedSpans(), new Map([['u1', 'alice']]));

    expect(users.map((user) => [user.userId, user.label, user.traceCount])).toEqual([
      ['u1', 'alice', 3],
      ['u2', undefined, 1],
    ]);
    const [alice, other] = users;
    expect(alice!.sessions.map((session) => [session.sessionId, session.traces.map((t) => t.name)])).toEqual([
      ['s1', ['chat.answer', 'chat.stream']],
      ['s3', ['chat.answer']],
    ]);
    const first = alice!.sessions[0]!.traces[0]!;
    expect(first).toMatchObject({ question: 'q1', status: 'ok', spanCount: 3 });
    expect(first.steps.map((step) => step.name)).toEqual(['retrieve', 'completion']);
    expect(alice!.sessions[0]!.traces[1]!.streamedChunks).toBe(7);
    expect(other!.sessions[0]!.traces[0]).toMatchObject({ status: 'error', error: 'model down' });
  });

  it('puts traces without identity under a null user and session', () => {
    const spans = recorder();
    spans.trace('orphan', {}, []);
    const [user] = groupSpans(spans.exporter.getFinishedSpans());
    expect(user).toMatchObject({ userId: null, traceCount: 1, sessions: [{ sessionId: null }] });
  });
});

describe('checkIdentity', () => {
  it('passes when every span carries the identity its request expected', () => {
    const spans = recorder();
    spans.trace('chat.answer', { ...identity('u1', 's1'), [CHAT_ATTRIBUTES.question]: 'q1' }, [
      ['retrieve', identity('u1', 's1')],
    ]);
    const report = checkIdentity(spans.exporter.getFinishedSpans(), [
      { question: 'q1', userId: 'u1', sessionId: 's1' },
    ]);
    expect(report).toMatchObject({ ok: true, spansChecked: 2, tracesChecked: 1, mismatches: [] });
  });

  it('fails on a span without user or session, a trace mixing identities, and a trace with the wrong identity', () => {
    const spans = recorder();
    spans.trace('chat.answer', { ...identity('u1', 's1'), [CHAT_ATTRIBUTES.question]: 'q1' }, [
      ['completion', { 'user.id': 'u1' }],
    ]);
    spans.trace('chat.answer', { ...identity('u2', 's2'), [CHAT_ATTRIBUTES.question]: 'q2' }, [
      ['retrieve', identity('u3', 's2')],
    ]);
    const report = checkIdentity(spans.exporter.getFinishedSpans(), [
      { question: 'q1', userId: 'u1', sessionId: 's1' },
      { question: 'q2', userId: 'u9', sessionId: 's2' },
      { question: 'never asked', userId: 'u1', sessionId: 's1' },
    ]);
    expect(report.ok).toBe(false);
    expect(report.spansWithoutIdentity).toEqual([
      expect.objectContaining({ name: 'completion', missing: ['session.id'] }),
    ]);
    expect(report.tracesWithMixedIdentity).toHaveLength(2);
    expect(report.mismatches).toEqual([
      expect.stringContaining('"q2"'),
      expect.stringContaining('"never asked"'),
    ]);
  });

  it('fails when nothing was exported', () => {
    expect(checkIdentity([], []).ok).toBe(false);
  });
});

describe('renderTree', () => {
  function result() {
    const spans = recorder();
    spans.trace(
      'chat.answer',
      { ...identity('a'.repeat(64), 'session-1'), [CHAT_ATTRIBUTES.question]: 'q1' },
      [['completion', identity('a'.repeat(64), 'session-1')]],
    );
    return buildDemoResult(spans.exporter.getFinishedSpans(), {
      framework: 'express',
      llm: 'fake',
      serviceName: 'express-chatbot',
      url: 'http://127.0.0.1:1',
      otlpEndpoint: undefined,
      expected: [{ question: 'q1', userId: 'a'.repeat(64), sessionId: 'session-1' }],
      workloadProblems: [],
    });
  }

  it('prints the tree with shortened ids and no escape codes when colours are off', () => {
    const text = renderTree(result(), createColors(false));
    expect(text).not.toContain('\u001b[');
    expect(text).toContain(`user ${'a'.repeat(8)}…`);
    expect(text).toContain('session session-1  (1 trace,');
    expect(text).toMatch(/chat\.answer {2}"q1" {2}[\d.<]+ ms {2}\[completion [\d.<]+ ms\]/);
    expect(text).toContain('✓ all 2 spans in 1 trace carry user.id and session.id');
  });

  it('colours the tree when asked to', () => {
    expect(renderTree(result(), createColors(true))).toContain('\u001b[');
  });
});
