export { instrumentOpenAI, type OpenAIClientLike } from './instrument';
export {
  DEFAULT_INSTRUMENT_OPENAI_OPTIONS,
  type EndUserField,
  type InstrumentOpenAIOptions,
  sha256Hex,
} from './options';
