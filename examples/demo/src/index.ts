export { type CliOptions, DEFAULT_CLI_OPTIONS, parseCliOptions, USAGE } from './cli-options';
export { accountLabels, buildDemoResult, type DemoResult, type RunInfo } from './demo-result';
export { EXAMPLES, type Example, FRAMEWORKS, type Framework, isFramework } from './examples';
export {
  checkIdentity,
  type ExpectedTrace,
  type IdentityReport,
  type SpanWithoutIdentity,
} from './identity-check';
export { formatDuration, renderTree, shortId } from './render-tree';
export { type RunDemoOptions, runDemo } from './run-demo';
export {
  groupSpans,
  type SessionSummary,
  type StepSummary,
  type TraceSummary,
  type UserSummary,
} from './span-tree';
export { playWorkload, QUESTIONS, type WorkloadOutcome } from './workload';
