import { readFileSync } from 'node:fs';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { runWithUserSession, trace } from '../../src/index';
import { idOf, parentIdOf, registerTestTracing } from './otel-setup';

const tracing = registerTestTracing();
afterEach(() => tracing.exporter.reset());

const IDENTITY = { userId: 'u1', sessionId: 's1' };
const IDENTITY_ATTRIBUTES = { 'user.id': 'u1', 'session.id': 's1' };

/** What `fn` throws (the test fails when it returns). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (thrown) {
    return thrown;
  }
  throw new Error('expected a throw');
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('trace(fn) keeps the shape of fn', () => {
  it('sync: returns the value synchronously, keeps this, arguments, name and length, and the type', () => {
    const counter = {
      base: 10,
      add: trace(function add(this: { base: number }, a: number, b: number) {
        return this.base + a + b;
      }),
    };
    expectTypeOf(counter.add).toEqualTypeOf<(this: { base: number }, a: number, b: number) => number>();
    expect(runWithUserSession(IDENTITY, () => counter.add(1, 2))).toBe(13);
    expect(counter.add.name).toBe('add');
    expect(counter.add.length).toBe(2);
    const span = tracing.span('add');
    expect(span.attributes).toMatchObject(IDENTITY_ATTRIBUTES);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('promise: settles with the same value, and the span ends only when it settles', async () => {
    const gate = deferred<{ answer: number }>();
    const value = { answer: 42 };
    const tracedWait = trace(async function wait() {
      return gate.promise;
    });
    const result = runWithUserSession(IDENTITY, () => tracedWait());
    expect(result).toBeInstanceOf(Promise);
    await new Promise((resolve) => setImmediate(resolve));
    expect(tracing.spans()).toHaveLength(0);
    gate.resolve(value);
    expect(await result).toBe(value);
    expect(tracing.span('wait').attributes).toMatchObject(IDENTITY_ATTRIBUTES);
  });

  it('sync throw: rethrows the same error object and records it on the span', () => {
    const error = new TypeError('bad input');
    const tracedFail = trace(function fail() {
      throw error;
    });
    expect(thrownBy(tracedFail)).toBe(error);
    const span = tracing.span('fail');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0]!.attributes).toMatchObject({ 'exception.type': 'TypeError' });
  });

  it('rejection: rejects with the same error object and records it on the span', async () => {
    const error = new Error('upstream down');
    const tracedFail = trace(async function failAsync() {
      await Promise.resolve();
      throw error;
    });
    await expect(tracedFail()).rejects.toBe(error);
    const span = tracing.span('failAsync');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events[0]!.attributes).toMatchObject({ 'exception.message': 'upstream down' });
  });

  it('records a thrown non-Error value and still rethrows it unchanged', () => {
    const thrownValue = { reason: 'not an Error' };
    const tracedFail = trace(function throwsObject() {
      throw thrownValue;
    });
    expect(thrownBy(tracedFail)).toBe(thrownValue);
    expect(tracing.span('throwsObject').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('nested calls become child spans of the calling span', async () => {
    const tracedInner = trace(async function inner() {
      tracing.tracer.startSpan('leaf').end();
    });
    const tracedOuter = trace(async function outer() {
      await tracedInner();
      await tracedInner();
    });
    await runWithUserSession(IDENTITY, () => tracedOuter());
    const outerSpan = tracing.span('outer');
    const inners = tracing.spans().filter((span) => span.name === 'inner');
    expect(inners).toHaveLength(2);
    for (const span of inners) expect(parentIdOf(span)).toBe(idOf(outerSpan));
    expect(parentIdOf(outerSpan)).toBeUndefined();
    for (const span of tracing.spans()) expect(span.attributes).toMatchObject(IDENTITY_ATTRIBUTES);
  });

  it('returns arrays, plain objects and functions unchanged and ends the span at return', () => {
    const list = [1, 2, 3];
    const plain = { answer: 42 };
    const withNext = { next: () => ({ done: true, value: undefined }), pages: 2 };
    const callback = () => 1;
    expect(trace(() => list)()).toBe(list);
    expect(trace(() => plain)()).toBe(plain);
    expect(trace(() => withNext)()).toBe(withNext);
    expect(trace(() => callback)()).toBe(callback);
    expect(tracing.spans()).toHaveLength(4);
    for (const span of tracing.spans()) expect(span.ended).toBe(true);
  });

  it('returns a non-promise thenable (a lazy query builder) unchanged, without calling then()', () => {
    let thenCalls = 0;
    const builder = {
      // biome-ignore lint/suspicious/noThenProperty: a thenable is what this test is about.
      then(resolve: (value: string) => void) {
        thenCalls++;
        resolve('rows');
      },
    };
    const tracedQuery = trace(function query() {
      return builder;
    });
    expect(tracedQuery()).toBe(builder);
    expect(thenCalls).toBe(0);
    expect(tracing.span('query').ended).toBe(true);
  });

  it('names anonymous functions "anonymous" and applies name, kind and attributes from the options', () => {
    trace(() => 1)();
    trace(() => 2, { name: 'llm.call', kind: SpanKind.CLIENT, attributes: { 'app.step': 'answer' } })();
    expect(tracing.span('anonymous').kind).toBe(SpanKind.INTERNAL);
    const named = tracing.span('llm.call');
    expect(named.kind).toBe(SpanKind.CLIENT);
    expect(named.attributes).toMatchObject({ 'app.step': 'answer' });
  });

  it("uses the global provider's tracer named @sessionscope/core with the package version", () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    trace(function scoped() {})();
    expect(tracing.span('scoped').instrumentationScope).toMatchObject({
      name: '@sessionscope/core',
      version,
    });
  });

  it('uses options.tracer when given', () => {
    trace(function own() {}, { tracer: tracing.provider.getTracer('my-tracer') })();
    expect(tracing.span('own').instrumentationScope.name).toBe('my-tracer');
  });
});

describe('trace(fn) with iterators', () => {
  it('a generator function: the span stays open until the iteration is done, steps are its children', () => {
    const tracedNumbers = trace(function* numbers(count: number) {
      for (let i = 0; i < count; i++) {
        tracing.tracer.startSpan(`step-${i}`).end();
        yield i;
      }
    });
    const iterator = tracedNumbers(3);
    expect(iterator.next()).toEqual({ value: 0, done: false });
    expect(tracing.spans().map((span) => span.name)).toEqual(['step-0']);
    expect([...iterator]).toEqual([1, 2]);
    const span = tracing.span('numbers');
    for (const step of ['step-0', 'step-1', 'step-2'])
      expect(parentIdOf(tracing.span(step))).toBe(idOf(span));
  });

  it('break out of for...of ends the span and runs the generator finally block', () => {
    let cleanedUp = false;
    const tracedEndless = trace(function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        cleanedUp = true;
      }
    });
    for (const value of tracedEndless()) if (value === 2) break;
    expect(cleanedUp).toBe(true);
    expect(tracing.span('endless').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('an error thrown while iterating is recorded and rethrown unchanged', () => {
    const error = new Error('broken row');
    const tracedRows = trace(function* rows() {
      yield 1;
      throw error;
    });
    const iterator = tracedRows();
    iterator.next();
    expect(() => iterator.next()).toThrow(error);
    expect(tracing.span('rows').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('throw() into a generator that handles it keeps the span open until the generator finishes', () => {
    const tracedResilient = trace(function* resilient() {
      try {
        yield 1;
      } catch {
        yield 'recovered';
      }
    });
    const iterator = tracedResilient();
    iterator.next();
    expect(iterator.throw(new Error('retry'))).toEqual({ value: 'recovered', done: false });
    expect(tracing.spans()).toHaveLength(0);
    expect(iterator.next().done).toBe(true);
    expect(tracing.span('resilient').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('an async generator: steps run in the span, a streamed early break ends it', async () => {
    let cleanedUp = false;
    const tracedTokens = trace(async function* tokens() {
      try {
        for (let i = 0; ; i++) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          tracing.tracer.startSpan(`chunk-${i}`).end();
          yield `token-${i}`;
        }
      } finally {
        cleanedUp = true;
      }
    });
    const received: string[] = [];
    await runWithUserSession(IDENTITY, async () => {
      for await (const token of tracedTokens()) {
        received.push(token);
        if (received.length === 3) break;
      }
    });
    expect(received).toEqual(['token-0', 'token-1', 'token-2']);
    expect(cleanedUp).toBe(true);
    const span = tracing.span('tokens');
    expect(span.attributes).toMatchObject(IDENTITY_ATTRIBUTES);
    for (const name of ['chunk-0', 'chunk-1', 'chunk-2']) {
      expect(parentIdOf(tracing.span(name))).toBe(idOf(span));
      expect(tracing.span(name).attributes).toMatchObject(IDENTITY_ATTRIBUTES);
    }
  });

  it('an async iterator that rejects: recorded on the span and rejected with the same error', async () => {
    const error = new Error('stream reset');
    const tracedFlaky = trace(async function* flaky() {
      yield 'first';
      throw error;
    });
    const iterator = tracedFlaky();
    await iterator.next();
    await expect(iterator.next()).rejects.toBe(error);
    expect(tracing.span('flaky').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('return() on an async iterator ends the span', async () => {
    const tracedValues = trace(async function* values() {
      yield 1;
      yield 2;
    });
    const iterator = tracedValues();
    await iterator.next();
    expect(await iterator.return(undefined)).toEqual({ value: undefined, done: true });
    expect(tracing.span('values').ended).toBe(true);
  });

  it('a plain function returning a generator object is traced the same way', () => {
    function* letters() {
      yield 'a';
      yield 'b';
    }
    const tracedLetters = trace(function letterList() {
      return letters();
    });
    const iterator = tracedLetters();
    expect(tracing.spans()).toHaveLength(0);
    expect([...iterator]).toEqual(['a', 'b']);
    expect(tracing.span('letterList').ended).toBe(true);
  });

  it('a function returning the iterator of another traced generator keeps its span open until it is done', async () => {
    const tracedInner = trace(async function* inner() {
      yield 1;
      yield 2;
    });
    const tracedOuter = trace(function outer() {
      return tracedInner();
    });
    const iterator = tracedOuter();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(tracing.spans()).toHaveLength(0);
    for await (const _ of iterator);
    expect(parentIdOf(tracing.span('inner'))).toBe(idOf(tracing.span('outer')));
    expect(tracing.span('outer').ended).toBe(true);
  });

  it('returns an iterator that is not a generator (a database cursor, a Map iterator) as it is and ends the span at return', async () => {
    class Cursor {
      private readonly rows = [1, 2];
      async next(): Promise<number | null> {
        return this.rows.shift() ?? null;
      }
      async toArray(): Promise<number[]> {
        return this.rows.splice(0);
      }
      async close(): Promise<void> {}
      async *[Symbol.asyncIterator](): AsyncGenerator<number> {
        for (let row = await this.next(); row !== null; row = await this.next()) yield row;
      }
    }
    const cursor = new Cursor();
    const tracedFind = trace(function find() {
      return cursor;
    });
    const entries = new Map([['a', 1]]).entries();
    const tracedEntries = trace(function mapEntries() {
      return entries;
    });
    expect(tracedFind()).toBe(cursor);
    expect(tracedEntries()).toBe(entries);
    expect(tracing.span('find').ended).toBe(true);
    expect(tracing.span('mapEntries').ended).toBe(true);
    expect(await cursor.toArray()).toEqual([1, 2]);
  });

  it('does not take an object posing as a generator (generator prototype, toStringTag) for one', () => {
    const generatorPrototype = Object.getPrototypeOf(function* () {}).prototype as object;
    const impostor = Object.create(generatorPrototype, {
      next: { value: () => ({ done: true, value: undefined }) },
      [Symbol.toStringTag]: { value: 'Generator' },
    }) as object;
    expect(trace(() => impostor)()).toBe(impostor);
    expect(tracing.spans()).toHaveLength(1);
  });

  it('spans started while a consumer iterates after the function returned, outside the request, carry its identity', async () => {
    const stream = trace(async function* answer() {
      yield 'a';
      await tracing.tracer.startActiveSpan('llm.chunk', async (span) => span.end());
      yield 'b';
    });
    // The handler returns the iterator inside the request; the consumer iterates it afterwards, from
    // a context with no identity (as a server does when it writes a streamed body).
    const iterator = runWithUserSession(IDENTITY, () => stream());
    const consumed: string[] = [];
    for await (const chunk of iterator) consumed.push(chunk);
    expect(consumed).toEqual(['a', 'b']);
    const chunk = tracing.span('llm.chunk');
    expect(chunk.attributes).toMatchObject(IDENTITY_ATTRIBUTES);
    expect(parentIdOf(chunk)).toBe(idOf(tracing.span('answer')));
  });
});

describe('trace(fn) with web ReadableStream results', () => {
  function countingStream(limit: number, onPull?: (i: number) => void) {
    let i = 0;
    const cancelled: unknown[] = [];
    const stream = new ReadableStream<string>({
      pull(controller) {
        onPull?.(i);
        if (i === limit) controller.close();
        else controller.enqueue(`chunk-${i++}`);
      },
      cancel(reason) {
        cancelled.push(reason);
      },
    });
    return { stream, cancelled };
  }

  async function readAll(stream: ReadableStream<string>): Promise<string[]> {
    const chunks: string[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return chunks;
      chunks.push(value);
    }
  }

  it('keeps the span open until the stream is fully read', async () => {
    const { stream } = countingStream(3);
    const tracedBody = trace(function body() {
      return stream;
    });
    const result = tracedBody();
    expect(result).toBeInstanceOf(ReadableStream);
    await new Promise((resolve) => setImmediate(resolve));
    expect(tracing.spans()).toHaveLength(0);
    expect(await readAll(result)).toEqual(['chunk-0', 'chunk-1', 'chunk-2']);
    expect(tracing.span('body').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('cancel() ends the span and cancels the original stream with the same reason', async () => {
    const { stream, cancelled } = countingStream(100);
    const result = trace(function cancellable() {
      return stream;
    })();
    const reader = result.getReader();
    await reader.read();
    await reader.cancel('client went away');
    expect(cancelled).toEqual(['client went away']);
    expect(tracing.span('cancellable').ended).toBe(true);
  });

  it('an erroring stream: the span records the error, the reader gets the same error', async () => {
    const error = new Error('socket closed');
    const broken = new ReadableStream<string>({
      pull(controller) {
        controller.error(error);
      },
    });
    const result = trace(function broken_() {
      return broken;
    })();
    await expect(result.getReader().read()).rejects.toBe(error);
    expect(tracing.span('broken_').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('pulls of a stream created in the call run in its span with the identity, also when read outside the request', async () => {
    const tracedStreamed = trace(function streamed() {
      return countingStream(3, (i) => tracing.tracer.startSpan(`pull-${i}`).end()).stream;
    });
    const result = runWithUserSession(IDENTITY, () => tracedStreamed());
    expect(await readAll(result)).toEqual(['chunk-0', 'chunk-1', 'chunk-2']);
    const span = tracing.span('streamed');
    for (const name of ['pull-0', 'pull-1', 'pull-2', 'pull-3']) {
      expect(parentIdOf(tracing.span(name))).toBe(idOf(span));
      expect(tracing.span(name).attributes).toMatchObject(IDENTITY_ATTRIBUTES);
    }
  });
});
