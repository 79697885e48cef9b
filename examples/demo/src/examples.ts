import type { StartServer } from '@sessionscope/example-shared';

/** The frameworks the demo can run. */
export const FRAMEWORKS = ['express', 'koa', 'hono'] as const;

/** One of {@link FRAMEWORKS}. */
export type Framework = (typeof FRAMEWORKS)[number];

/** An example app the demo can start. */
export interface Example {
  readonly serviceName: string;
  /** Loads the example (only the chosen framework is imported) and returns its `startServer`. */
  load(): Promise<StartServer>;
}

/** Each framework's example. */
export const EXAMPLES: Readonly<Record<Framework, Example>> = {
  express: {
    serviceName: 'express-chatbot',
    load: async () => (await import('@sessionscope/example-express-chatbot')).startServer,
  },
  koa: {
    serviceName: 'koa-chatbot',
    load: async () => (await import('@sessionscope/example-koa-chatbot')).startServer,
  },
  hono: {
    serviceName: 'hono-chatbot',
    load: async () => (await import('@sessionscope/example-hono-chatbot')).startServer,
  },
};

/** Whether `name` is one of {@link FRAMEWORKS}. */
export function isFramework(name: string): name is Framework {
  return (FRAMEWORKS as readonly string[]).includes(name);
}
