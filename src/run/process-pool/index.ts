// Several processes for one run directory: tasks are played in child processes, the parent writes.
export { runSimulationInProcesses, type ProcessRunOptions } from "./run-in-processes.js";
export { ProcessPool, MAX_PROCESSES, type ProcessPoolOptions } from "./process-pool.js";
export type { WorkerSetup, WorkerSetupFunction, WorkerSimulation } from "./worker-setup.js";
export { transferError, rebuildError, type TransferredError } from "./error-transfer.js";
