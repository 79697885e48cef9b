import type { RequestListener } from 'node:http';
import type { Identity } from './identity';
import type { Variant } from './variants';

export const FRAMEWORKS = ['express', 'koa', 'hono'] as const;

export type Framework = (typeof FRAMEWORKS)[number];

/** The npm package whose version a framework's table row names. */
export const FRAMEWORK_PACKAGES: Readonly<Record<Framework, string>> = {
  express: 'express',
  koa: 'koa',
  hono: 'hono',
};

type ListenerFactory = (variant: Variant, readIdentity: () => Identity) => Promise<RequestListener>;

/** Loads only the framework a server process runs. */
export const LISTENER_FACTORIES: Readonly<Record<Framework, () => Promise<ListenerFactory>>> = {
  express: async () => (await import('./express-app')).createExpressListener,
  koa: async () => (await import('./koa-app')).createKoaListener,
  hono: async () => (await import('./hono-app')).createHonoListener,
};

export function isFramework(name: string): name is Framework {
  return (FRAMEWORKS as readonly string[]).includes(name);
}
