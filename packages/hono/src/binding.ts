import type { FrameworkBinding } from '@sessionscope/core';
import type { Context } from 'hono';

/** How sessionscope reads identity from a Hono context. */
export const honoBinding: FrameworkBinding<Context> = {
  defaultUserId(c) {
    const payload: { sub?: unknown } | null | undefined = c.get('jwtPayload');
    const user: { id?: unknown } | null | undefined = c.get('user');
    return payload?.sub ?? user?.id;
  },
  readHeader(c, name) {
    return c.req.header(name);
  },
};
