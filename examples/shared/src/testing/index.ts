export { describeChatbotExample } from './smoke-suite';
