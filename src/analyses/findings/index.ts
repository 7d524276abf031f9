export { runFindings, compareFindings, type FindingsOptions, type FindingsResult } from './run-findings.js';
export { FINDING_RULES, findingRule } from './registry.js';
export { applyBaseline, type BaselineEntry, type BaselinedFindings } from './apply-baseline.js';
export { fingerprintOf } from './fingerprint.js';
export { SEVERITY_ORDER, atLeast, isFindingSeverity, type Finding, type FindingFix, type FindingPolicy, type FindingSeverity, type FindingStatement, type FixKind, type SubjectKind } from './finding.js';
export { docsPathOf, type FindingContext, type FindingDraft, type FindingRule, type KnownAccounts, type RuleCategory } from './finding-rule.js';
export { findingsReport, countBySeverity, type FindingsReport, type FindingsReportOptions } from './findings-report.js';
