import { describeChatbotExample } from '@sessionscope/example-shared/testing';
import { startServer } from '../src/app';

// The same smoke test with LLM=openai: the instrumented openai client against the fake OpenAI server.
describeChatbotExample('express-chatbot', startServer, { llm: 'openai' });
