/** The variants of the load benchmark, in the order of the first round (every other round reverses it). */
export const VARIANTS = [
  'bare',
  'floor',
  'sessionscope',
  'sessionscope-otel',
  'otel-two-als',
  'otel-shared-als',
] as const;

export type Variant = (typeof VARIANTS)[number];

/**
 * The variants that isolate sessionscope's own cost, (c) against (b) and (a): the sections that count
 * per request (instructions, heap allocations) run only these.
 */
export const FLOOR_COMPARISON_VARIANTS: readonly Variant[] = ['bare', 'floor', 'sessionscope'];

/** Table labels; (a)–(d) are the variants, (e)/(f) answer its shared-`AsyncLocalStorage` question. */
export const VARIANT_LABELS: Readonly<Record<Variant, string>> = {
  bare: '(a) bare',
  floor: '(b) floor: hand-written ALS middleware',
  sessionscope: '(c) sessionMiddleware()',
  'sessionscope-otel': '(d) (c) + OTel SDK + trace()',
  'otel-two-als': '(e) OTel context + floor in its own ALS',
  'otel-shared-als': '(f) OTel context + floor in the OTel context',
};

/**
 * How a variant's middleware carries the identity to the handler: not at all, in the floor's own
 * `AsyncLocalStorage`, as a value of the OpenTelemetry context, or with sessionscope's `sessionMiddleware()`.
 */
export type IdentityStep = 'none' | 'floor-als' | 'otel-context' | 'sessionscope';

/** What a server of one variant needs besides its framework. */
export interface VariantTraits {
  /** Every request enters an OpenTelemetry context first, as HTTP auto-instrumentation does. */
  readonly requestEntersOtelContext: boolean;
  readonly identityStep: IdentityStep;
}

export const VARIANT_TRAITS: Readonly<Record<Variant, VariantTraits>> = {
  bare: { requestEntersOtelContext: false, identityStep: 'none' },
  floor: { requestEntersOtelContext: false, identityStep: 'floor-als' },
  sessionscope: { requestEntersOtelContext: false, identityStep: 'sessionscope' },
  'sessionscope-otel': { requestEntersOtelContext: false, identityStep: 'sessionscope' },
  'otel-two-als': { requestEntersOtelContext: true, identityStep: 'floor-als' },
  'otel-shared-als': { requestEntersOtelContext: true, identityStep: 'otel-context' },
};

export function isVariant(name: string): name is Variant {
  return (VARIANTS as readonly string[]).includes(name);
}
