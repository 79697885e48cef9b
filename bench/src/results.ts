import type { AllocationCell } from './allocations/run-allocations';
import type { InstructionCell } from './instructions/run-instructions';
import type { LoadCell } from './load/run-load';
import type { MemoryResult } from './memory/run-memory';
import type { MicroSuiteResult } from './micro/run-micro';
import type { PairedCell } from './paired/run-paired';
import type { BenchSettings } from './settings';

/** The machine the figures were taken on. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  /** 1-minute load average when the benchmark started: above 0 means other work shared the CPUs. */
  readonly loadAverageAtStart: number;
  readonly startedAt: string;
}

/** Everything one benchmark run measured (written with `--json`). */
export interface BenchResults {
  readonly settings: BenchSettings;
  readonly machine: MachineInfo;
  readonly load: LoadCell[];
  readonly paired: PairedCell[];
  readonly micro: MicroSuiteResult[];
  readonly memory: MemoryResult[];
  /** Empty when the section did not run or valgrind is not installed. */
  readonly instructions: InstructionCell[];
  readonly allocations: AllocationCell[];
}
