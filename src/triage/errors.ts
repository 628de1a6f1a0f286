/** An input the triage cannot read at all; the message says what was wrong and what to pass instead. */
export class TriageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageError';
  }
}
