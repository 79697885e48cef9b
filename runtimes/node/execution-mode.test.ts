import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';

/**
 * Set by the runtime matrix (`pnpm test:runtimes`) for each Node leg; this file only runs there.
 * It proves that the flags reached the test workers, not just the process that started vitest.
 */
const expectedMajor = process.env.SESSIONSCOPE_EXPECT_NODE_MAJOR;
const expectedFrame = process.env.SESSIONSCOPE_EXPECT_ASYNC_CONTEXT_FRAME;

/**
 * Node 24 runs AsyncLocalStorage on AsyncContextFrame unless `--no-async-context-frame` is given; the
 * older async_hooks-based implementation is the one that has `_propagate` on its prototype.
 */
function usesAsyncContextFrame(): boolean {
  return !('_propagate' in AsyncLocalStorage.prototype);
}

describe('runtime matrix: this test worker', () => {
  it('runs on the Node major the matrix asked for', () => {
    expect(expectedMajor, 'run this file through pnpm test:runtimes').toBeDefined();
    expect(process.versions.node.split('.')[0]).toBe(expectedMajor);
  });

  it('uses the AsyncLocalStorage implementation the matrix asked for', () => {
    expect(expectedFrame, 'run this file through pnpm test:runtimes').toMatch(/^(on|off)$/);
    expect(usesAsyncContextFrame()).toBe(expectedFrame === 'on');
  });
});
