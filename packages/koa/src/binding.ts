import type { FrameworkBinding } from '@sessionscope/core/adapter';
import type { Context } from 'koa';

interface AuthenticatedState {
  /** Set by koa-passport (`id`) or koa-jwt (the token's claims, `sub`). */
  readonly user?: { readonly id?: unknown; readonly sub?: unknown } | null;
}

/** How sessionscope reads identity from a Koa context. */
export const koaBinding: FrameworkBinding<Context> = {
  defaultUserId(ctx) {
    const { user } = ctx.state as AuthenticatedState;
    return user?.id ?? user?.sub;
  },
  readHeader(ctx, name) {
    const value = ctx.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  },
  readHeaderValues(ctx, name) {
    // `headers` keeps only the first of a repeated `authorization`, `user-agent`…; this keeps them all.
    return ctx.req.headersDistinct?.[name];
  },
};
