import { context } from '@opentelemetry/api';
import { floorStore, IDENTITY_KEY, type Identity, NO_IDENTITY } from './identity';
import type { OtelSdk } from './otel';
import { VARIANT_TRAITS, type Variant } from './variants';

/** The process-wide part of a variant, set up once before its server starts. */
export interface VariantSetup {
  /** How the route handler reads the identity. */
  readonly readIdentity: () => Identity;
  /** The registered SDK of the variant, if it has one. */
  readonly otel: OtelSdk | undefined;
}

const readFloor = (): Identity => floorStore.getStore() ?? NO_IDENTITY;
const readOtelContext = (): Identity => (context.active().getValue(IDENTITY_KEY) as Identity) ?? NO_IDENTITY;

/** Registers what `variant` needs process-wide and returns how its handler reads the identity. */
export async function setUpVariant(variant: Variant): Promise<VariantSetup> {
  if (variant === 'sessionscope-otel') {
    const core = await import('@sessionscope/core');
    const { enableOtelSdk } = await import('./otel');
    const otel = enableOtelSdk([new core.UserSessionSpanProcessor()]);
    const readIdentity = core.trace(function readIdentity(): Identity {
      return core.getUserSessionContext();
    });
    return { readIdentity, otel };
  }
  if (VARIANT_TRAITS[variant].requestEntersOtelContext) (await import('./otel')).enableOtelContext();
  switch (VARIANT_TRAITS[variant].identityStep) {
    case 'none':
      return { readIdentity: () => NO_IDENTITY, otel: undefined };
    case 'floor-als':
      return { readIdentity: readFloor, otel: undefined };
    case 'otel-context':
      return { readIdentity: readOtelContext, otel: undefined };
    case 'sessionscope':
      return { readIdentity: (await import('@sessionscope/core')).getUserSessionContext, otel: undefined };
  }
}
