import type { ProjectSpec, Sandbox } from '../../sandbox/port.js';
import type { Edit, Failure } from '../../types.js';

/** What a deterministic fixer sees: the tree and the real output of the failing run. */
export interface FixerInput {
  workdir: string;
  spec: ProjectSpec;
  /** Plain text: repair() strips terminal colours before any fixer reads it. */
  failureOutput: string;
  failures: Failure[];
  log: (msg: string) => void;
  /** For fixers that need a tool of the project's image (formatters, npm); absent: they decline. */
  sandbox?: Sandbox;
}

/** A fixer's proposal: exact edits and what they do. */
export interface FixProposal {
  fixer: string;
  edits: Edit[];
  summary: string;
}

/** A deterministic fixer: proposes edits only when it is sure, otherwise returns null. */
export interface Fixer {
  readonly name: string;
  propose(input: FixerInput): Promise<FixProposal | null>;
}
