/** Micro benchmark suites; each runs in a process of its own. */
export const MICRO_SUITES = [
  'context',
  'trace-no-sdk',
  'trace-sdk',
  'request-own-als',
  'request-shared-als',
] as const;

export type MicroSuite = (typeof MICRO_SUITES)[number];

export function isMicroSuite(name: string): name is MicroSuite {
  return (MICRO_SUITES as readonly string[]).includes(name);
}
