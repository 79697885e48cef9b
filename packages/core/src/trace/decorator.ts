import { warnOnce } from '../warn-once';
import { resolveTraceSettings, type SpanNaming, type TraceOptions } from './options';
import { wrapFunction } from './wrap';

/**
 * The decorator `trace(options?)` returns. One decorator serves both decorator modes of TypeScript:
 * TC39 standard decorators (the default since TypeScript 5) and legacy `experimentalDecorators`
 * (NestJS, older Angular). Spans are named `Class.method` unless `options.name` is given.
 */
export interface TraceDecorator {
  /** TC39 standard method decorator. */
  <This, Args extends any[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Return;
  /** Legacy (`experimentalDecorators`) method decorator. */
  <T>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): TypedPropertyDescriptor<T>;
}

function keyName(key: string | symbol): string {
  return typeof key === 'symbol' ? `[${key.description ?? ''}]` : key;
}

function classNameOf(target: unknown): string | undefined {
  if (typeof target === 'function') return target.name;
  return (target as { constructor?: { name?: string } } | null)?.constructor?.name;
}

/** The name of the class that owns `method` under `key`: `holder` (an instance or a class) or a parent. */
function ownerClassName(holder: unknown, key: string | symbol, method: Function): string | undefined {
  let current = holder;
  while (current !== null && (typeof current === 'object' || typeof current === 'function')) {
    if (Object.getOwnPropertyDescriptor(current, key)?.value === method) return classNameOf(current);
    current = Object.getPrototypeOf(current);
  }
  return undefined;
}

function warnNotAMethod(kind: string): void {
  warnOnce(`trace-decorator:${kind}`, `@trace() decorates methods only; it left a ${kind} unchanged.`);
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && typeof (value as DecoratorContext).kind === 'string';
}

function decorateStandard(
  method: unknown,
  decoratorContext: DecoratorContext,
  options: TraceOptions | undefined,
): unknown {
  if (decoratorContext.kind !== 'method' || typeof method !== 'function') {
    warnNotAMethod(decoratorContext.kind);
    return undefined;
  }
  const { name: key } = decoratorContext;
  const naming: SpanNaming = { name: options?.name ?? keyName(key) };
  const traced = wrapFunction(method, resolveTraceSettings(options), naming);
  if (options?.name !== undefined) return traced;
  // The class is not known while its methods are decorated: name the span when the first instance is
  // constructed (or, for a static method, when the class is defined).
  let named = false;
  decoratorContext.addInitializer(function (this: unknown) {
    if (named) return;
    const owner = decoratorContext.private ? classNameOf(this) : ownerClassName(this, key, traced);
    if (owner === undefined) return;
    naming.name = `${owner}.${keyName(key)}`;
    named = true;
  });
  return traced;
}

function decorateLegacy(
  target: unknown,
  key: string | symbol,
  descriptor: PropertyDescriptor | undefined,
  options: TraceOptions | undefined,
): PropertyDescriptor | undefined {
  if (typeof descriptor?.value !== 'function') {
    warnNotAMethod(descriptor === undefined ? 'field' : 'accessor');
    return descriptor;
  }
  const name = options?.name ?? `${classNameOf(target) ?? ''}.${keyName(key)}`;
  descriptor.value = wrapFunction(descriptor.value, resolveTraceSettings(options), { name });
  return descriptor;
}

/** Builds the decorator of `trace(options)`. */
export function createTraceDecorator(options: TraceOptions | undefined): TraceDecorator {
  return function traceDecorator(target: unknown, key: unknown, descriptor?: PropertyDescriptor): unknown {
    if (isStandardContext(key)) return decorateStandard(target, key, options);
    return decorateLegacy(target, key as string | symbol, descriptor, options);
  } as TraceDecorator;
}
