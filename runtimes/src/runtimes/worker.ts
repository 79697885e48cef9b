/**
 * The Cloudflare Worker of the workerd leg, bundled by `workerd.ts`: the Hono scenario app, plus
 * `GET /__core-checks` ({@link CORE_CHECKS_PATH}), which runs the core checks inside a request and answers their results.
 */
import { CORE_CHECKS_PATH } from '../apps/contract.ts';
import { createHonoApp } from '../apps/hono.ts';
import { runChecks } from '../harness/checks.ts';
import { coreChecks } from '../scenarios/core.ts';

const app = createHonoApp();

export default {
  async fetch(request: Request, env: unknown, context: unknown): Promise<Response> {
    if (new URL(request.url).pathname === CORE_CHECKS_PATH)
      return Response.json(await runChecks('core', coreChecks));
    return app.fetch(request, env, context as never);
  },
};
