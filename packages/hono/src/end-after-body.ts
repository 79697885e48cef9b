import type { RequestIdentity, Scope } from '@sessionscope/core/adapter';
import type { Context } from 'hono';

/**
 * The source of a response body that passes the original body through unchanged, read on demand in
 * the request's scope, and ends that scope once the body has been fully read, has errored, or was
 * cancelled (the client went away). Works on every runtime Hono supports: it only uses web streams.
 */
class EndAfterBody {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #identity: RequestIdentity<Context>;
  readonly #scope: Scope;
  readonly #context: Context;

  constructor(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    identity: RequestIdentity<Context>,
    scope: Scope,
    context: Context,
  ) {
    this.#reader = reader;
    this.#identity = identity;
    this.#scope = scope;
    this.#context = context;
  }

  /**
   * Reads the next chunk in the request's scope: a body that makes its chunks only when pulled
   * (a lazy `pull()`, an async generator) is pulled from here, long after the handler returned.
   */
  pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    return this.#identity.run(this.#scope, () => this.#pullChunk(controller));
  }

  async #pullChunk(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    let chunk: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
    try {
      chunk = await this.#reader.read();
    } catch (error) {
      this.#end();
      controller.error(error);
      return;
    }
    if (chunk.done) {
      this.#end();
      controller.close();
    } else controller.enqueue(chunk.value);
  }

  cancel(reason: unknown): Promise<void> {
    this.#end();
    return this.#reader.cancel(reason);
  }

  #end(): void {
    this.#identity.end(this.#scope, this.#context);
  }
}

/**
 * Ends the request's scope at the true end of the request where no Node response tells it (Bun,
 * Deno, workers, `app.request()`): right away when the response has no body, the handler failed or
 * the request is a `HEAD` (Hono answers it with the GET route's headers and drops the body unread),
 * otherwise once the body has been read to its end, failed or been cancelled by the runtime — so a
 * `stream()` / `streamSSE()` body keeps the identity while it is being written.
 */
export function endAfterBody(identity: RequestIdentity<Context>, scope: Scope, c: Context): void {
  const response = c.res;
  const body = c.error === undefined && c.req.method !== 'HEAD' ? response.body : null;
  if (body === null || body.locked) {
    identity.end(scope, c);
    return;
  }
  const source = new EndAfterBody(body.getReader(), identity, scope, c);
  c.res = new Response(new ReadableStream(source, { highWaterMark: 0 }), response);
}
