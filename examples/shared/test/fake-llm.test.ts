import { describe, expect, it } from 'vitest';
import { ERROR_TRIGGER, FakeLlmClient } from '../src/fake-llm';
import { searchDocuments } from '../src/knowledge-base';
import { LlmError } from '../src/llm-client';

const llm = new FakeLlmClient({ firstTokenDelayMs: 0, tokenDelayMs: 0 });
const prompt = 'Context:\n- Sessions group traces.\nQuestion: what is a session?';

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  return collected;
}

describe('FakeLlmClient', () => {
  it('answers the same prompt the same way, from the question and the best context line', async () => {
    const first = await llm.complete(prompt);
    expect(first).toEqual(await llm.complete(prompt));
    expect(first.text).toBe('You asked "what is a session?". From the docs: Sessions group traces.');
    expect(first.completionTokens).toBe(first.text.split(' ').length);
  });

  it('streams exactly the text it completes, chunk by chunk', async () => {
    const chunks = await collect(llm.stream(prompt));
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe((await llm.complete(prompt)).text);
  });

  it('fails with LlmError for the error trigger, streamed or not', async () => {
    const failing = `Question: please ${ERROR_TRIGGER}`;
    await expect(llm.complete(failing)).rejects.toBeInstanceOf(LlmError);
    await expect(collect(llm.stream(failing))).rejects.toBeInstanceOf(LlmError);
  });
});

describe('searchDocuments', () => {
  it('returns the best matching notes first and nothing for unrelated words', () => {
    expect(searchDocuments('how do I resume a session?', 1).map((document) => document.id)).toEqual([
      'resume',
    ]);
    expect(searchDocuments('zebra crossing', 2)).toEqual([]);
  });
});
