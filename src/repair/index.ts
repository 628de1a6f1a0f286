/** Repair: deterministic fixers, then the bounded model loop (DESIGN.md step 5). */
export { repair, refuseEdits, type RepairContext, type RepairResult } from './loop.js';
export {
  applyEdits,
  revertEdits,
  applyEditToText,
  EditError,
  type ApplyResult,
  type Snapshot
} from './edits.js';
export { defaultFixers, type Fixer, type FixerInput, type FixProposal } from './fixers/index.js';
export { singleTestCommand } from './regression.js';
