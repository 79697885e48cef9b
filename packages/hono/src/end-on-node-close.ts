import type { RequestIdentity, Scope } from '@sessionscope/core/adapter';
import type { Context } from 'hono';

/** The Node response `@hono/node-server` passes to the app as `c.env.outgoing` (its `HttpBindings`). */
interface NodeResponse {
  readonly destroyed: boolean;
  on(event: 'close', listener: () => void): unknown;
}

function nodeResponseOf(c: Context): NodeResponse | undefined {
  const outgoing = (c.env as { outgoing?: Partial<NodeResponse> } | undefined)?.outgoing;
  return typeof outgoing?.on === 'function' ? (outgoing as NodeResponse) : undefined;
}

/**
 * On Node (`@hono/node-server`), arranges for the request's scope to end when the Node response
 * closes — sent in full, aborted by the client, or failed — and returns `true`. Elsewhere returns
 * `false`. This is the true end on Node without touching the response body, which keeps
 * node-server's fast path for buffered bodies.
 */
export function endOnNodeClose(identity: RequestIdentity<Context>, scope: Scope, c: Context): boolean {
  const outgoing = nodeResponseOf(c);
  if (outgoing === undefined) return false;
  if (outgoing.destroyed) identity.end(scope, c);
  else outgoing.on('close', () => identity.end(scope, c)); // emitted once; `on` spares once()'s wrapper
  return true;
}
