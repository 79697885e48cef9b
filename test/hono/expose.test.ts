import { getRequestListener } from '@hono/node-server';
import { sessionMiddleware } from '@sessionscope/hono';
import { Hono } from 'hono';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { listen } from '../conformance/support/listen';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One body-less response every request gets, as an app answers acks or health checks. */
const SHARED_NO_CONTENT = new Response(null, { status: 204 });

function app(): Hono {
  const app = new Hono();
  app.use(sessionMiddleware({ generateSessionId: true }));
  app.use('/inner/*', sessionMiddleware());
  app.post('/ack', () => SHARED_NO_CONTENT);
  app.post('/inner/ack', () => SHARED_NO_CONTENT);
  app.get('/own', () => new Response('own'));
  app.get('/redirect', () => Response.redirect('http://127.0.0.1/elsewhere', 302)); // immutable headers
  return app;
}

describe.each([
  ['node-server', true],
  ['web-standard', false],
])('hono (%s): a generated session id on a response the handler built itself', (_name, nodeBindings) => {
  let running: RunningApp;

  beforeAll(async () => {
    const hono = app();
    running = await listen(getRequestListener(nodeBindings ? hono.fetch : (req) => hono.fetch(req)));
  });
  afterAll(() => running.close());

  it('comes back on a new Response and on a redirect with immutable headers', async () => {
    const own = await request(running.url).get('/own');
    expect(own.text).toBe('own');
    expect(own.headers['x-session-id']).toMatch(UUID);
    const redirect = await request(running.url).get('/redirect');
    expect(redirect.status).toBe(302);
    expect(redirect.headers['x-session-id']).toMatch(UUID);
  });

  it.each(['/ack', '/inner/ack'])(
    'is never written into a shared response the handler returns (%s)',
    async (path) => {
      const first = await request(running.url).post(path);
      expect(first.status).toBe(204);
      expect(first.headers['x-session-id']).toMatch(UUID);
      const second = await request(running.url).post(path).set('x-session-id', 'own-session');
      expect(second.status).toBe(204);
      expect(second.headers['x-session-id']).toBeUndefined();
      expect([...SHARED_NO_CONTENT.headers]).toEqual([]);
    },
  );
});
