import { type Account, authenticate } from '@sessionscope/example-shared';
import type { Middleware } from 'koa';

/** What this app keeps in `ctx.state`. */
export interface ChatState {
  /** The signed-in account, where koa-passport puts it — and where sessionscope looks by default. */
  user?: Account;
}

/**
 * Bearer-token authentication: sets `ctx.state.user` (its `id` becomes the spans' `user.id`) or
 * answers 401. Stands in for koa-passport or koa-jwt (`ctx.state.user.sub`).
 */
export const bearerAuth: Middleware<ChatState> = async (ctx, next) => {
  const account = authenticate(ctx.get('authorization'));
  if (account === undefined) {
    ctx.status = 401;
    ctx.set('www-authenticate', 'Bearer');
    ctx.body = { error: 'unknown or missing bearer token' };
    return;
  }
  ctx.state.user = account;
  await next();
};
