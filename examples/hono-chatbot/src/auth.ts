import { type Account, authenticate } from '@sessionscope/example-shared';
import { createMiddleware } from 'hono/factory';

/** The Hono environment of this app: the signed-in account in `c.get('user')`. */
export interface ChatEnv {
  Variables: {
    /** Where sessionscope looks by default (besides hono/jwt's `jwtPayload.sub`). */
    user: Account;
  };
}

/**
 * Bearer-token authentication: sets `c.get('user')` (its `id` becomes the spans' `user.id`) or
 * answers 401. Stands in for `hono/jwt`, whose `jwtPayload.sub` sessionscope also reads.
 */
export const bearerAuth = createMiddleware<ChatEnv>(async (c, next) => {
  const account = authenticate(c.req.header('authorization'));
  if (account === undefined) {
    return c.json({ error: 'unknown or missing bearer token' }, 401, { 'www-authenticate': 'Bearer' });
  }
  c.set('user', account);
  await next();
});
