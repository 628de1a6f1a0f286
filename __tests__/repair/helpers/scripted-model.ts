import type { Model, ModelRequest, ModelResponse } from '../../../src/model/port.js';
import { ModelError } from '../../../src/model/port.js';

/** A test double of the Model port: answers per schema from queues, and records every request. */
export class ScriptedModel implements Model {
  readonly name = 'gemini-2.5-flash';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly answers: Partial<Record<string, (string | object | ModelError)[]>>) {}

  async generate(req: ModelRequest): Promise<ModelResponse> {
    this.requests.push(req);
    const next = this.answers[req.schemaName]?.shift();
    if (next === undefined) throw new ModelError(`no scripted answer for ${req.schemaName}`, 'other');
    if (next instanceof ModelError) throw next;
    return {
      text: typeof next === 'string' ? next : JSON.stringify(next),
      promptTokens: 1000,
      outputTokens: 200
    };
  }
}
