import { echoModel, fakeAnswer, startFakeOpenAIServer } from '@sessionscope/fake-openai';
import { describe, expect, it } from 'vitest';
import { ERROR_TRIGGER, FAKE_LLM_ERROR_STATUS, FAKE_MODEL, FakeLlmClient } from '../src/fake-llm';
import { LlmError } from '../src/llm-client';
import { DEFAULT_LLM_OPTIONS, llmOptionsFromEnv, startLlm } from '../src/llm-setup';

describe('llmOptionsFromEnv', () => {
  it('keeps the in-process fake unless LLM=openai, whatever OpenAI variables are set', () => {
    expect(llmOptionsFromEnv({})).toEqual({ llm: 'fake' });
    expect(
      llmOptionsFromEnv({ OPENAI_API_KEY: 'sk-real', OPENAI_BASE_URL: 'https://api.openai.com/v1' }),
    ).toEqual({ llm: 'fake' });
  });

  it('reads the OpenAI-compatible server for LLM=openai, none meaning the fake server', () => {
    expect(llmOptionsFromEnv({ LLM: 'openai' })).toEqual({
      llm: 'openai',
      baseURL: undefined,
      apiKey: undefined,
      model: undefined,
    });
    const env = { LLM: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3.2' };
    expect(llmOptionsFromEnv(env)).toMatchObject({ baseURL: env.OPENAI_BASE_URL, model: 'llama3.2' });
  });

  it('refuses an unknown LLM', () => {
    expect(() => llmOptionsFromEnv({ LLM: 'gpt' })).toThrow(/LLM="gpt" is not supported/);
  });
});

describe('startLlm', () => {
  it('with LLM=openai and no baseURL: a fake OpenAI server answering like the in-process fake', async () => {
    const llm = await startLlm({ llm: 'openai', fakeLatency: { firstTokenDelayMs: 0, tokenDelayMs: 0 } });
    try {
      const prompt = 'Context:\n- Sessions group traces.\nQuestion: what is a session?';
      const completion = await llm.client.complete(prompt);
      const inProcess = await new FakeLlmClient({ firstTokenDelayMs: 0, tokenDelayMs: 0 }).complete(prompt);
      expect(completion).toMatchObject({
        text: inProcess.text,
        promptTokens: inProcess.promptTokens,
        completionTokens: inProcess.completionTokens,
      });
      expect(llm.fakeServer?.requests.at(-1)?.body.model).toBe(FAKE_MODEL);
      await expect(llm.client.complete(`Question: ${ERROR_TRIGGER}`)).rejects.toMatchObject({
        name: 'LlmError',
        status: FAKE_LLM_ERROR_STATUS,
      });
    } finally {
      await llm.close();
    }
  });

  it('with a baseURL: calls that server with the key and model given, and starts no server', async () => {
    const other = await startFakeOpenAIServer({ model: echoModel });
    try {
      const llm = await startLlm({ llm: 'openai', baseURL: other.baseURL, apiKey: 'sk-test' });
      expect(llm.fakeServer).toBeUndefined();
      expect(await llm.client.complete('hello')).toMatchObject({ text: fakeAnswer('hello') });
      expect(other.requests.at(-1)).toMatchObject({
        headers: { authorization: 'Bearer sk-test' },
        body: { model: DEFAULT_LLM_OPTIONS.model },
      });
      // The OpenAI client's errors become LlmError, which the chat API answers with 502.
      const failing = await startLlm({ llm: 'openai', baseURL: other.baseURL, model: 'error-429' });
      const error = await failing.client.complete('hello').catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(LlmError);
      expect(error).toMatchObject({ status: 429 });
    } finally {
      await other.close();
    }
  });
});
