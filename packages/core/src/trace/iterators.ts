import type { TracedCall } from './traced-call';
import { registerTracedIterator } from './traced-results';

/** %IteratorPrototype% and %AsyncIteratorPrototype%, so wrapped iterators keep iterator helpers. */
const ITERATOR_PROTOTYPE: object = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const ASYNC_ITERATOR_PROTOTYPE: object = Object.getPrototypeOf(
  Object.getPrototypeOf(async function* () {}).prototype,
);

type AnyIterator = Iterator<unknown, unknown, unknown>;
type AnyAsyncIterator = AsyncIterator<unknown, unknown, unknown>;

const callNext = (it: AnyIterator | AnyAsyncIterator, value: unknown) => it.next(value);
const callReturn = (it: AnyIterator | AnyAsyncIterator, value: unknown) => it.return!(value);
const callThrow = (it: AnyIterator | AnyAsyncIterator, error: unknown) => it.throw!(error);

/** A result that ends the iteration: `done`, or not an iterator result at all. */
function isFinal(result: unknown): boolean {
  return typeof result !== 'object' || result === null || (result as IteratorResult<unknown>).done === true;
}

/**
 * A sync iterator that keeps the span of the call that returned `inner` open until the iteration is
 * done, throws, or is stopped early with `return()` (what `break` calls); each step runs in the call's
 * context.
 */
export class TracedIterator {
  constructor(
    private readonly inner: AnyIterator,
    private readonly call: TracedCall,
  ) {
    registerTracedIterator(this, 'sync');
  }

  next(value?: unknown): IteratorResult<unknown> {
    const { inner, call } = this;
    if (call.ended) return inner.next(value);
    let result: IteratorResult<unknown>;
    try {
      result = call.run(callNext, inner, value) as IteratorResult<unknown>;
    } catch (error) {
      call.fail(error);
      throw error;
    }
    if (isFinal(result)) call.succeed();
    return result;
  }

  return(value?: unknown): IteratorResult<unknown> {
    const { inner, call } = this;
    if (typeof inner.return !== 'function') {
      call.succeed();
      return { done: true, value };
    }
    if (call.ended) return inner.return(value);
    try {
      const result = call.run(callReturn, inner, value) as IteratorResult<unknown>;
      call.succeed();
      return result;
    } catch (error) {
      call.fail(error);
      throw error;
    }
  }

  throw(error?: unknown): IteratorResult<unknown> {
    const { inner, call } = this;
    if (typeof inner.throw !== 'function') {
      call.fail(error);
      if (typeof inner.return === 'function') call.run(callReturn, inner, undefined);
      throw error;
    }
    if (call.ended) return inner.throw(error);
    let result: IteratorResult<unknown>;
    try {
      result = call.run(callThrow, inner, error) as IteratorResult<unknown>;
    } catch (thrown) {
      call.fail(thrown);
      throw thrown;
    }
    if (isFinal(result)) call.succeed();
    return result;
  }

  [Symbol.iterator](): this {
    return this;
  }
}
Object.setPrototypeOf(TracedIterator.prototype, ITERATOR_PROTOTYPE);

/**
 * An async iterator that keeps the span of the call that returned `inner` open until the iteration is
 * done, rejects, or is stopped early with `return()` (what `break` in `for await` calls); each step runs
 * in the call's context.
 */
export class TracedAsyncIterator {
  private readonly onStep = (result: IteratorResult<unknown>): IteratorResult<unknown> => {
    if (isFinal(result)) this.call.succeed();
    return result;
  };
  private readonly onStop = (result: IteratorResult<unknown>): IteratorResult<unknown> => {
    this.call.succeed();
    return result;
  };
  private readonly onError = (error: unknown): never => {
    this.call.fail(error);
    throw error;
  };

  constructor(
    private readonly inner: AnyAsyncIterator,
    private readonly call: TracedCall,
  ) {
    registerTracedIterator(this, 'async');
  }

  private step(
    method: typeof callNext,
    arg: unknown,
    onResult: (result: IteratorResult<unknown>) => IteratorResult<unknown>,
  ): Promise<IteratorResult<unknown>> {
    let pending: unknown;
    try {
      pending = this.call.run(method, this.inner, arg);
    } catch (error) {
      this.call.fail(error);
      throw error;
    }
    return Promise.resolve(pending as Promise<IteratorResult<unknown>>).then(onResult, this.onError);
  }

  next(value?: unknown): Promise<IteratorResult<unknown>> {
    if (this.call.ended) return this.inner.next(value);
    return this.step(callNext, value, this.onStep);
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    const { inner, call } = this;
    if (typeof inner.return !== 'function') {
      call.succeed();
      return Promise.resolve({ done: true, value });
    }
    if (call.ended) return inner.return(value);
    return this.step(callReturn, value, this.onStop);
  }

  throw(error?: unknown): Promise<IteratorResult<unknown>> {
    const { inner, call } = this;
    if (typeof inner.throw !== 'function') {
      call.fail(error);
      const closed = typeof inner.return === 'function' ? call.run(callReturn, inner, undefined) : undefined;
      return Promise.resolve(closed).then(() => Promise.reject(error));
    }
    if (call.ended) return inner.throw(error);
    return this.step(callThrow, error, this.onStep);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
Object.setPrototypeOf(TracedAsyncIterator.prototype, ASYNC_ITERATOR_PROTOTYPE);
