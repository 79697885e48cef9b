import type { IdentityStep } from './variants';

/** One framework's middleware for each way of carrying the identity (see {@link IdentityStep}). */
export interface IdentityMiddlewares<M> {
  /** The floor: the identity in the floor's own `AsyncLocalStorage`. */
  readonly floorAls: M;
  /** The identity as a value of the OpenTelemetry context. */
  readonly otelContext: M;
  /** `sessionMiddleware()` of the framework's adapter, loaded only by the variants that use it. */
  readonly sessionscope: () => Promise<M>;
}

/** The middleware of `step`, or `undefined` when the variant has none (bare). */
export async function identityMiddleware<M>(
  step: IdentityStep,
  middlewares: IdentityMiddlewares<M>,
): Promise<M | undefined> {
  switch (step) {
    case 'none':
      return undefined;
    case 'floor-als':
      return middlewares.floorAls;
    case 'otel-context':
      return middlewares.otelContext;
    case 'sessionscope':
      return middlewares.sessionscope();
  }
}
