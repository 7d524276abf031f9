import type { Severity } from '../core/diagnostics.js';

/** A problem with a question, as data: the caller (a flag, a query parameter, a scenario field) says where it was. */
export interface QuestionProblem {
  readonly code: QuestionProblemCode;
  readonly severity: Severity;
  readonly message: string;
  readonly help?: string;
}

export type QuestionProblemCode =
  | 'question/unknown-service'
  | 'question/unknown-action'
  | 'question/action-not-for-resource'
  | 'question/invalid-context-value';
