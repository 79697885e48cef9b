import { runWithUserSession } from '@sessionscope/core';
import { type FakeOpenAIServer, fakeAnswer, startFakeOpenAIServer } from '@sessionscope/fake-openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentOpenAI, sha256Hex } from '../src/index';

// No tracer provider and no context manager are registered in this file.
let server: FakeOpenAIServer;

beforeAll(async () => {
  server = await startFakeOpenAIServer();
});

afterAll(() => server.close());

describe('without an OpenTelemetry SDK', () => {
  it('calls and streams work, and the end user is still passed on', async () => {
    const openai = instrumentOpenAI(new OpenAI({ apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 }), {
      injectEndUser: true,
    });
    const prompt = 'no sdk here';
    await runWithUserSession({ userId: 'alice' }, async () => {
      const completion = await openai.chat.completions.create({
        model: 'no-sdk',
        messages: [{ role: 'user', content: prompt }],
      });
      expect(completion.choices[0]?.message.content).toBe(fakeAnswer(prompt));
      const stream = await openai.responses.create({ model: 'no-sdk-stream', input: prompt, stream: true });
      let text = '';
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      expect(text).toBe(fakeAnswer(prompt));
    });
    expect(server.requests.map((request) => request.body.safety_identifier)).toEqual([
      sha256Hex('alice'),
      sha256Hex('alice'),
    ]);
  });
});
