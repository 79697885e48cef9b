import { get, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { getUserSessionContext, runWithUserSession } from '@sessionscope/core';
import { sessionMiddleware } from '@sessionscope/express';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningApp } from '../conformance/harness/types';
import { listen } from '../conformance/support/listen';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Opens `/events` as a client of session `sessionId`; resolves with the response once it started. */
function subscribe(app: RunningApp, sessionId: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(`${app.url}/events`, { headers: { 'x-session-id': sessionId }, agent: false }, resolve).on(
      'error',
      reject,
    );
  });
}

/** Resolves once `response` has received `text`. */
function received(response: IncomingMessage, text: string): Promise<void> {
  return new Promise((resolve) => {
    let body = '';
    response.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
      if (body.includes(text)) resolve();
    });
  });
}

describe.each([
  ['express 5', express],
  ['express 4', express4],
])('%s: one broadcast stream piped into every response (server-sent events)', (_name, createApp) => {
  it('is never bound to one client: its _read stays its own and reads carry no client identity', async () => {
    const broadcast = new PassThrough();
    const sessionsInRead: Array<string | undefined> = [];
    const ownRead = broadcast._read;
    broadcast._read = function recordingRead(size) {
      sessionsInRead.push(getUserSessionContext().sessionId);
      return ownRead.call(this, size);
    };
    const recordingRead = broadcast._read;

    const app = createApp();
    app.use(sessionMiddleware());
    app.get('/events', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      broadcast.pipe(res);
      res.on('close', () => broadcast.unpipe(res));
    });
    running = await listen(app);

    const clients = ['s-a', 's-b', 's-c', 's-d'];
    const responses = [];
    for (const sessionId of clients) responses.push(await subscribe(running, sessionId));
    expect(broadcast._read).toBe(recordingRead);
    sessionsInRead.length = 0; // reads so far ran while the first client was the only one

    const delivered = Promise.all(responses.map((response) => received(response, 'data: tick')));
    runWithUserSession({ sessionId: 'producer' }, () => broadcast.write('data: tick\n\n'));
    await delivered;

    expect(sessionsInRead.length).toBeGreaterThan(0);
    expect(sessionsInRead.filter((sessionId) => clients.includes(String(sessionId)))).toEqual([]);
    for (const response of responses) response.destroy();
  });
});
