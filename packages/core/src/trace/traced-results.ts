import { types } from 'node:util';

/** How `trace()` follows a result that outlives the call: as a sync or an async iterator. */
export type IterationKind = 'sync' | 'async';

/** %GeneratorPrototype% and %AsyncGeneratorPrototype%: what every generator object inherits from. */
const GENERATOR_PROTOTYPE: object = Object.getPrototypeOf(function* () {}).prototype;
const ASYNC_GENERATOR_PROTOTYPE: object = Object.getPrototypeOf(async function* () {}).prototype;

const objectIsPrototypeOf = Object.prototype.isPrototypeOf;
const inherits = (value: object, prototype: object): boolean => objectIsPrototypeOf.call(prototype, value);

/**
 * The iterators `trace()` itself returned, with their kind. Shared by every copy of the package (the
 * ESM and the CJS build), so a traced call returning another copy's traced iterator is followed too.
 */
const REGISTRY_KEY = Symbol.for('sessionscope.core.traced-iterators.v1');
const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: WeakMap<object, IterationKind> };
holder[REGISTRY_KEY] ??= new WeakMap();
const tracedIterators: WeakMap<object, IterationKind> = holder[REGISTRY_KEY];

/** Records `iterator` as one `trace()` returned. */
export function registerTracedIterator(iterator: object, kind: IterationKind): void {
  tracedIterators.set(iterator, kind);
}

/**
 * Whether `trace()` keeps its span open over `value`, and how: only for generator objects (checked by
 * their internal slots, which no other object can fake) and for iterators `trace()` returned. Any other
 * object — an iterator class, a database cursor, a paginator — is returned as it is.
 */
export function iterationKindOf(value: object): IterationKind | undefined {
  if (types.isGeneratorObject(value)) {
    if (inherits(value, ASYNC_GENERATOR_PROTOTYPE)) return 'async';
    if (inherits(value, GENERATOR_PROTOTYPE)) return 'sync';
    return undefined;
  }
  return tracedIterators.get(value);
}
