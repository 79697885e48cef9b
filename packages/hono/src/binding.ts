import type { FrameworkBinding } from '@sessionscope/core/adapter';
import type { Context } from 'hono';

/** How sessionscope reads identity from a Hono context. */
export const honoBinding: FrameworkBinding<Context> = {
  defaultUserId(c) {
    const payload: { sub?: unknown } | null | undefined = c.get('jwtPayload');
    const user: { id?: unknown } | null | undefined = c.get('user');
    return payload?.sub ?? user?.id;
  },
  // No `readHeaderValues`: the fetch `Headers` joins every repeated header, also on
  // `@hono/node-server`, which builds them from the request's `rawHeaders`.
  readHeader(c, name) {
    return c.req.header(name);
  },
};
