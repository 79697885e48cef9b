import { warnOnce } from '../warn-once';
import {
  classNameOf,
  declaringClassName,
  keyName,
  nameByInstanceClass,
  ownerClassName,
} from './decorator-naming';
import { resolveTraceSettings, type SpanNaming, type TraceOptions } from './options';
import { wrapFunction } from './wrap';

/**
 * The decorator `trace(options?)` returns. One decorator serves both decorator modes of TypeScript:
 * TC39 standard decorators (the default since TypeScript 5) and legacy `experimentalDecorators`
 * (NestJS, older Angular). Spans are named `Class.method` unless `options.name` is given; an inherited
 * method keeps the name of the class that declares it. One exception, TC39 mode only: a private
 * instance method (`#m`) is named after its declaring class only when decorator metadata exists
 * (`Symbol.metadata`, native or polyfilled before the class is defined); without it, nothing tells which
 * class declares `#m`, and each span is named after the class of the instance the call runs on
 * (`Sub.#m` on a subclass instance). Give `options.name` for a fixed name.
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
  const { metadata } = decoratorContext;
  const privateInstance = decoratorContext.private && !decoratorContext.static;
  if (privateInstance && (typeof metadata !== 'object' || metadata === null)) {
    // Nothing on a class tells whether it declares `#m`, and an instance initializer of the declaring
    // class also runs for subclass instances: without metadata, name each span after its instance.
    naming.forThis = nameByInstanceClass(keyName(key));
    return traced;
  }
  // The class is not known while its methods are decorated: name the span when the first instance is
  // constructed (or, for a static method, when the class is defined). Each way of finding the owner
  // gives the declaring class whichever instance comes first, so the name can be kept.
  let named = false;
  decoratorContext.addInitializer(function (this: unknown) {
    if (named) return;
    let owner: string | undefined;
    // For a static method, `this` is the class that declares it.
    if (privateInstance) owner = declaringClassName(this, metadata as object);
    else if (decoratorContext.private) owner = classNameOf(this);
    else owner = ownerClassName(this, key, traced);
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
