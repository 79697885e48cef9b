import * as asyncHooks from 'node:async_hooks';

/**
 * The error sessionscope throws at import when the runtime has no `AsyncLocalStorage`: without it
 * no trace could be attributed to anyone, and failing at set-up beats silently attributing nothing.
 */
export const MISSING_ASYNC_LOCAL_STORAGE =
  'sessionscope needs AsyncLocalStorage from "node:async_hooks", and this runtime does not provide it. ' +
  'On Cloudflare Workers, add the "nodejs_compat" compatibility flag ' +
  '(wrangler: compatibility_flags = ["nodejs_compat"]). Elsewhere, run on Node.js 18.19+, Bun or Deno ' +
  'and keep your bundler from replacing Node built-ins with empty modules.';

/** The runtime's `AsyncLocalStorage` class; throws {@link MISSING_ASYNC_LOCAL_STORAGE} when there is none. */
export function asyncLocalStorageClass(): typeof asyncHooks.AsyncLocalStorage {
  const Storage: unknown = (asyncHooks as Partial<typeof asyncHooks>).AsyncLocalStorage;
  if (typeof Storage !== 'function') throw new Error(MISSING_ASYNC_LOCAL_STORAGE);
  return Storage as typeof asyncHooks.AsyncLocalStorage;
}
