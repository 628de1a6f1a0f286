/** The state module: the StateStore port, both stores and the pure functions over the state. */
export type * from './port.js';
export * from './state.js';
export { FileStateStore } from './file-store.js';
export {
  ArtifactStateStore,
  type ArtifactStateStoreOptions,
  type StateArtifactClient
} from './artifact-store.js';
export { alreadyHandled, entriesFor, recordRun, type HandledRun } from './ledger.js';
export {
  DEFAULT_BREAKER,
  breakerEffect,
  isOpen,
  recordOutcome,
  type BreakerEffect,
  type BreakerOptions
} from './breaker.js';
export { flakyScore, isFlaky, recordRerun, recordRerunResult, settleRerun, wasRerun } from './flakiness.js';
export { addOutcome, addUsage, fixRate } from './metrics.js';
