/** The Model port: one JSON-answering call to a language model. */

export interface ModelRequest {
  /** System instruction: the rules; logs and sources never go here. */
  system: string;
  /** User content: the task, with logs and sources as quoted data. */
  prompt: string;
  /** JSON schema (OpenAPI subset as Gemini takes it) the answer must follow. */
  schema: Record<string, unknown>;
  /** Name of the schema, for errors. */
  schemaName: string;
}

export interface ModelResponse {
  /** The raw text of the answer (expected to be JSON). */
  text: string;
  promptTokens: number;
  outputTokens: number;
}

export interface Model {
  readonly name: string;
  generate(req: ModelRequest): Promise<ModelResponse>;
}

/**
 * Why a model call failed. Transient: 'rate-limit', 'unavailable', 'timeout' (after retries).
 * Per answer: 'bad-answer'. For the whole run, said loudly and never retried: 'auth' (the key was
 * rejected), 'retired' (the model id is shut down or unknown), 'quota-daily' (the day's quota is spent).
 */
export type ModelErrorKind =
  | 'rate-limit'
  | 'unavailable'
  | 'timeout'
  | 'bad-answer'
  | 'budget'
  | 'auth'
  | 'retired'
  | 'quota-daily'
  | 'other';

/** The kinds that end the model's use for the whole run (the next call would fail the same way). */
export const FATAL_MODEL_ERRORS: ReadonlySet<ModelErrorKind> = new Set(['auth', 'retired', 'quota-daily']);

/** A model call that failed after retries (429/503/timeouts) or gave an unusable answer. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly kind: ModelErrorKind
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
