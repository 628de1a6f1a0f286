/** The state module: the StateStore port, both stores and the pure functions over the state. */
export type * from './port.js';
export * from './state.js';
export { FileStateStore } from './file-store.js';
export {
  ArtifactStateStore,
  EVENTS_ARTIFACT_PREFIX,
  type ArtifactStateStoreOptions,
  type StateArtifactClient
} from './artifact-store.js';
export {
  DEFAULT_RETENTION,
  EVENTS_FILE,
  audit,
  emit,
  foldBatch,
  foldBatches,
  parseBatch,
  prune,
  reduce,
  serializeBatch,
  settleRerunEvent,
  type Retention,
  type SavedBatch
} from './events.js';
export { alreadyHandled, entriesFor, recordRun, type HandledRun } from './ledger.js';
export {
  DEFAULT_BREAKER,
  breakerEffect,
  breakerStatus,
  isOpen,
  recordOutcome,
  type BreakerEffect,
  type BreakerOptions,
  type BreakerStatus
} from './breaker.js';
export {
  determinism,
  flakyScore,
  isFlaky,
  isQuarantined,
  recordRerun,
  recordRerunResult,
  settleRerun,
  wasRerun
} from './flakiness.js';
export { learn, type LearnSource } from './learn.js';
export { steer, QUARANTINE_MS, type SteeringCommandName, type SteeringRequest } from './steer.js';
export {
  addOutcome,
  addUsage,
  escalationRate,
  fixRate,
  metricsReport,
  patternsOf,
  DEFAULT_PATTERN_THRESHOLD,
  type DayMetrics,
  type MetricsReport,
  type PatternInfo
} from './metrics.js';
