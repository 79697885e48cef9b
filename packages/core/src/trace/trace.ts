import { createTraceDecorator, type TraceDecorator } from './decorator';
import { DEFAULT_TRACE_OPTIONS, resolveTraceSettings, type TraceOptions } from './options';
import { wrapFunction } from './wrap';

/**
 * Wraps `fn` so that every call runs in a span, with the current user and session on it. Nested calls
 * become child spans; the outermost one is the trace `updateTraceUserSession` overrides.
 *
 * The wrapper has the type and shape of `fn`: a sync function stays sync, a promise stays a promise
 * settling with the same value or error; `this`, arguments, `name` and `length` are kept. When `fn`
 * returns a generator object (a sync or async generator function, or a function returning what one
 * returned, also through another `trace()`) or a web `ReadableStream`, the span stays open until it is
 * done, fails, or is stopped early (`break`, `return()`, `cancel()`), and each step runs with the span
 * and the identity active, also after `fn` has returned. Every other object is returned as it is and
 * the span ends at return: an iterator that is not a generator (a `Map` iterator, a database cursor
 * with `next()` and `toArray()`) keeps all its methods. (A promise that resolves to a stream is not
 * wrapped: return the stream itself, or use an async generator.) A thrown or rejected error is
 * recorded on the span (exception event, status ERROR) and rethrown unchanged.
 *
 * Without an OpenTelemetry SDK it still works: spans are non-recording and nothing throws.
 *
 * @example
 * ```ts
 * // prelude: declare const llm: { complete(q: string): Promise<string>; stream(q: string): AsyncIterable<string> };
 * import { trace } from '@sessionscope/core';
 *
 * const answer = trace(async function answer(question: string) {
 *   return llm.complete(question); // a child span of "answer", with user.id and session.id
 * });
 *
 * const stream = trace(async function* streamAnswer(question: string) {
 *   for await (const chunk of llm.stream(question)) yield chunk; // the span ends when the stream does
 * });
 * ```
 */
export function trace<F extends (...args: any[]) => any>(fn: F, options?: TraceOptions): F;
/**
 * A method decorator that traces each call of the method like `trace(fn)`, with the span named
 * `Class.method` after the class that declares the method. Works with TC39 standard decorators and
 * with `experimentalDecorators`. A private instance method (`#m`, TC39 only) is named after its
 * declaring class when `Symbol.metadata` exists (native, or polyfilled before the class is defined);
 * without it, after the class of the instance each call runs on. `options.name` fixes the name.
 *
 * @example
 * ```ts
 * // prelude: declare const llm: { complete(prompt: string): Promise<string> };
 * // prelude: declare const index: { search(query: string): Promise<string[]> };
 * import { trace } from '@sessionscope/core';
 *
 * class ChatService {
 *   @trace()
 *   async reply(message: string) { // span "ChatService.reply"
 *     return llm.complete(this.#rank(await this.retrieve(message)).join('\n'));
 *   }
 *
 *   @trace({ name: 'retrieve', attributes: { 'retriever.kind': 'vector' } })
 *   async retrieve(query: string) {
 *     return index.search(query);
 *   }
 *
 *   @trace()
 *   #rank(documents: string[]) { // "ChatService.#rank" (see above for subclass instances)
 *     return documents.slice(0, 3);
 *   }
 * }
 * ```
 */
export function trace(options?: TraceOptions): TraceDecorator;
export function trace(
  fnOrOptions?: ((...args: any[]) => any) | TraceOptions,
  options?: TraceOptions,
): ((...args: any[]) => any) | TraceDecorator {
  if (typeof fnOrOptions !== 'function') return createTraceDecorator(fnOrOptions);
  const name = options?.name ?? (fnOrOptions.name || DEFAULT_TRACE_OPTIONS.anonymousName);
  return wrapFunction(fnOrOptions, resolveTraceSettings(options), { name });
}
