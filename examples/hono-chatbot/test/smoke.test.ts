import { describeChatbotExample } from '@sessionscope/example-shared/testing';
import { startServer } from '../src/app';

describeChatbotExample('hono-chatbot', startServer);
