export { explainRequest, type ExplainOptions } from './explain-request.js';
export type {
  AccountBoundary,
  BoundaryGate,
  BoundaryPart,
  DecidingStatement,
  Explanation,
  Fix,
  FixKind,
  GuardrailBlock,
  HopSummary,
  OrganizationPlace,
  OrgLevel,
  PrincipalNode,
  ResourceNode,
} from './explanation.js';
