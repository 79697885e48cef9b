import type { RequestListener } from 'node:http';
import { context } from '@opentelemetry/api';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import { ROUTE } from '../load/request-headers';
import { floorStore, greeting, IDENTITY_KEY, type Identity, served, userFromAuthorization } from './identity';
import { type IdentityMiddlewares, identityMiddleware } from './identity-middleware';
import { VARIANT_TRAITS, type Variant } from './variants';

/** The tiny auth step: where koa-passport and koa-jwt put the principal. */
function authenticate(ctx: Context, next: Next): Promise<unknown> {
  ctx.state.user = userFromAuthorization(ctx.headers.authorization);
  return next();
}

function identityOf(ctx: Context): Identity {
  return {
    userId: (ctx.state.user as { id: string } | undefined)?.id,
    sessionId: ctx.headers['x-session-id'] as string | undefined,
  };
}

const middlewares: IdentityMiddlewares<Middleware> = {
  floorAls: (ctx, next) => floorStore.run(identityOf(ctx), next),
  otelContext: (ctx, next) => context.with(context.active().setValue(IDENTITY_KEY, identityOf(ctx)), next),
  sessionscope: async () => (await import('@sessionscope/koa')).sessionMiddleware() as Middleware,
};

/** A Koa 3 app serving the hello-world JSON route in `variant`. */
export async function createKoaListener(
  variant: Variant,
  readIdentity: () => Identity,
): Promise<RequestListener> {
  const app = new Koa();
  app.use(authenticate);
  const middleware = await identityMiddleware(VARIANT_TRAITS[variant].identityStep, middlewares);
  if (middleware !== undefined) app.use(middleware);
  app.use((ctx) => {
    if (ctx.method !== 'GET' || ctx.path !== ROUTE) return;
    served.count++;
    ctx.body = greeting(readIdentity());
  });
  return app.callback();
}
