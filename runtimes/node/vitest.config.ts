import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import workspaceConfig from '../../vitest.config.ts';

/**
 * The Node 22 / 24 leg of the runtime matrix: core's unit tests, the adapters' conformance suite, each
 * adapter's own tests (stream binding, error responses, on-finished's internals for Koa) and a check
 * that every test worker really runs the Node binary and AsyncLocalStorage mode asked for.
 */
export default defineConfig({
  ...workspaceConfig,
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    ...workspaceConfig.test,
    include: [
      'packages/core/test/**/*.test.ts',
      'test/conformance/**/*.test.ts',
      'test/{express,koa,hono}/**/*.test.ts',
      'runtimes/node/*.test.ts',
    ],
  },
});
