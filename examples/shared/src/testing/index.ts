export { describeChatbotExample, type SmokeSuiteOptions } from './smoke-suite';
