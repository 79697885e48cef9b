import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { context } from '@opentelemetry/api';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { ROUTE } from '../load/request-headers';
import { floorStore, greeting, IDENTITY_KEY, type Identity, served, userFromAuthorization } from './identity';
import { type IdentityMiddlewares, identityMiddleware } from './identity-middleware';
import { VARIANT_TRAITS, type Variant } from './variants';

type Env = { Variables: { user: { id: string } | undefined } };

/** The tiny auth step: the principal as a context variable, like Hono's auth middleware. */
const authenticate: MiddlewareHandler<Env> = (c, next) => {
  c.set('user', userFromAuthorization(c.req.header('authorization')));
  return next();
};

function identityOf(c: Context<Env>): Identity {
  return { userId: c.get('user')?.id, sessionId: c.req.header('x-session-id') };
}

const middlewares: IdentityMiddlewares<MiddlewareHandler<Env>> = {
  floorAls: (c, next) => floorStore.run(identityOf(c), next),
  otelContext: (c, next) => context.with(context.active().setValue(IDENTITY_KEY, identityOf(c)), next),
  sessionscope: async () =>
    (await import('@sessionscope/hono')).sessionMiddleware() as MiddlewareHandler<Env>,
};

/** A Hono 4 app on `@hono/node-server` serving the hello-world JSON route in `variant`. */
export async function createHonoListener(
  variant: Variant,
  readIdentity: () => Identity,
): Promise<RequestListener> {
  const app = new Hono<Env>();
  app.use(authenticate);
  const middleware = await identityMiddleware(VARIANT_TRAITS[variant].identityStep, middlewares);
  if (middleware !== undefined) app.use(middleware);
  app.get(ROUTE, (c) => {
    served.count++;
    return c.json(greeting(readIdentity()));
  });
  return getRequestListener(app.fetch);
}
