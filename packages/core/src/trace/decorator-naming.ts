/** The span-name part of a method key: the key itself, or `[description]` for a symbol. */
export function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
}

/** The name of `target` when it is a class, else the name of its constructor. */
export function classNameOf(target: unknown): string | undefined {
  if (typeof target === 'function') return target.name;
  return (target as { constructor?: { name?: string } } | null)?.constructor?.name;
}

/** The name of the class that owns `method` under `key`: `holder` (an instance or a class) or a parent. */
export function ownerClassName(holder: unknown, key: string | symbol, method: Function): string | undefined {
  let current = holder;
  while (current !== null && (typeof current === 'object' || typeof current === 'function')) {
    if (Object.getOwnPropertyDescriptor(current, key)?.value === method) return classNameOf(current);
    current = Object.getPrototypeOf(current);
  }
  return undefined;
}

/**
 * The name of the class, `instance`'s own or a parent, whose decorator metadata (its own
 * `[Symbol.metadata]`) is `metadata`: the class that declared the decorated member. Each decorated
 * class gets its own metadata object, so a subclass never matches its parent's.
 */
export function declaringClassName(instance: unknown, metadata: object): string | undefined {
  const key = (Symbol as { metadata?: symbol }).metadata;
  if (key === undefined) return undefined;
  let current = (instance as { constructor?: unknown } | null | undefined)?.constructor;
  while (typeof current === 'function') {
    if (Object.getOwnPropertyDescriptor(current, key)?.value === metadata) return current.name;
    current = Object.getPrototypeOf(current);
  }
  return undefined;
}

/**
 * Names spans `Class.key` after the class of the instance each call runs on (`key` alone when it has
 * none): for private methods, whose declaring class cannot be known without decorator metadata.
 */
export function nameByInstanceClass(key: string): (thisArg: unknown) => string {
  let lastClass: unknown;
  let lastName = key;
  return (thisArg) => {
    const ctor = (thisArg as { constructor?: unknown } | null | undefined)?.constructor;
    if (ctor !== lastClass) {
      lastClass = ctor;
      const className = typeof ctor === 'function' ? ctor.name : '';
      lastName = className ? `${className}.${key}` : key;
    }
    return lastName;
  };
}
