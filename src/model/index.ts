/** The model side of the repair: the port, the Gemini adapter, prompts, answer schemas, budget. */
export {
  FATAL_MODEL_ERRORS,
  ModelError,
  type Model,
  type ModelErrorKind,
  type ModelRequest,
  type ModelResponse
} from './port.js';
export {
  CURRENT_GEMINI_MODEL,
  modelProfile,
  RETIRED_MODELS,
  retiredOn,
  type ModelProfile
} from './catalog.js';
export {
  boundedFetch,
  createGeminiModel,
  DEFAULT_MAX_ANSWER_BYTES,
  retryDelayMs,
  type GeminiModel,
  type GeminiOptions
} from './gemini.js';
export { addUsage, emptyUsage, estimateCost, priceOf } from './cost.js';
export { estimateTokens, tailToTokens } from './budget.js';
export { redact } from '../triage/redact.js';
export {
  diagnosisRequest,
  patchRequest,
  quote,
  regressionTestRequest,
  newMarker,
  neutralise,
  systemInstruction,
  type PromptContext,
  type RejectedTest,
  type SourceFile
} from './prompts.js';
export {
  parseAnswer,
  stripFences,
  type DiagnosisAnswer,
  type PatchAnswer,
  type RegressionTestAnswer,
  type SchemaName
} from './schemas.js';
