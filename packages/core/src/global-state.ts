import type { AsyncLocalStorage } from 'node:async_hooks';
import { asyncLocalStorageClass } from './async-local-storage';
import type { ResolvedOptions } from './options';
import type { Scope } from './scope';

/**
 * Everything sessionscope keeps per process, registered once on `globalThis` so that every copy of
 * the package (the ESM and the CJS build, nested installs) shares one store and one configuration.
 */
interface GlobalState {
  readonly version: 1;
  readonly store: AsyncLocalStorage<Scope>;
  options: ResolvedOptions | undefined;
  readonly warned: Set<string>;
}

const GLOBAL_KEY = Symbol.for('sessionscope.core.state.v1');

function createState(): GlobalState {
  const Storage = asyncLocalStorageClass();
  return { version: 1, store: new Storage<Scope>(), options: undefined, warned: new Set() };
}

const holder = globalThis as typeof globalThis & { [GLOBAL_KEY]?: GlobalState };

/** The process-wide state shared by every copy of `@sessionscope/core`. */
holder[GLOBAL_KEY] ??= createState();
export const state: GlobalState = holder[GLOBAL_KEY];

/** The one `AsyncLocalStorage` that holds the identity of the current request or scope. */
export const store: AsyncLocalStorage<Scope> = state.store;
