import { type ExportedSpan, type OtlpReceiver, startOtlpReceiver } from './otlp-receiver';
import { type Recorder, startRecorder } from './recorder';
import { type ServiceProcess, startServiceProcess } from './service-process';

/** The two services, the fake APIs around them and the span collector, all on 127.0.0.1. */
export interface Stack {
  readonly gateway: ServiceProcess;
  readonly chat: ServiceProcess;
  /** Third-party moderation API the gateway calls (not allowed to get the identity). */
  readonly moderation: Recorder;
  /** Third-party LLM provider the chat service calls (not allowed to get the identity). */
  readonly llm: Recorder;
  /** Internal retrieval service the chat service calls (allowed to get the session). */
  readonly retrieval: Recorder;
  /** Spans both services exported so far; all of them once {@link Stack.stopServices} resolved. */
  readonly spans: readonly ExportedSpan[];
  /** Stops both services; each exports its remaining spans before it exits. */
  stopServices(): Promise<void>;
  /** Stops everything. */
  close(): Promise<void>;
}

/**
 * Starts the collector and the fake APIs in this process, then the chat service and the gateway,
 * each in its own Node process with OpenTelemetry loaded first.
 */
export async function startStack(): Promise<Stack> {
  const collector: OtlpReceiver = await startOtlpReceiver();
  const moderation = await startRecorder(() => ({ flagged: false }));
  const llm = await startRecorder((body) => ({ text: `You said: ${(body as { prompt: string }).prompt}` }));
  const retrieval = await startRecorder(() => ({ documents: ['Opening hours: 9 to 5.'] }));
  const telemetry = {
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.tracesEndpoint,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  const chat = await startServiceProcess('chat-service.ts', 'chat-service', {
    ...telemetry,
    LLM_URL: llm.url,
    RETRIEVAL_URL: retrieval.url,
  });
  const gateway = await startServiceProcess('gateway.ts', 'gateway', {
    ...telemetry,
    CHAT_URL: chat.url,
    MODERATION_URL: moderation.url,
  });
  const stopServices = async () => {
    await Promise.all([gateway.stop(), chat.stop()]);
  };
  return {
    gateway,
    chat,
    moderation,
    llm,
    retrieval,
    spans: collector.spans,
    stopServices,
    async close() {
      await stopServices();
      await Promise.all([collector.close(), moderation.close(), llm.close(), retrieval.close()]);
    },
  };
}
