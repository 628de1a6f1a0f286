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

/** A model call that failed after retries (429/503/timeouts) or gave an unusable answer. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly kind: 'rate-limit' | 'unavailable' | 'timeout' | 'bad-answer' | 'budget' | 'other'
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
