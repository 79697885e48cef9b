export { echoModel, type FakeModel, fakeAnswer, wordCount, wordPieces } from './model';
export {
  FAKE_TOOL_ARGUMENTS,
  LONG_STREAM_EVENTS,
  SCENARIO_MODELS,
  STREAM_FAILURE_MESSAGE,
} from './scenarios';
export {
  DEFAULT_FAKE_OPENAI_SERVER_OPTIONS,
  type FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type ReceivedRequest,
  startFakeOpenAIServer,
} from './server';
export { fakeResponseModel } from './wire-api';
