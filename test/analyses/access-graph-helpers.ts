import { AccessGraph } from '../../src/analyses/access-graph/access-graph.js';
import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import type { GivenValue } from '../../src/core/decision/request.js';
import { loadScenarioFile } from '../../src/loaders/scenario/load-scenario-file.js';

export const EXAMPLE = 'examples/org-estate.yaml';
export const fixture = (name: string): string => `test/fixtures/access-graph/${name}`;

/** A fresh graph over a scenario file (each test its own, so memo tables and counters start empty). */
export function graphOf(file: string, context?: Readonly<Record<string, GivenValue>>): AccessGraph {
  const catalog = loadServiceCatalog();
  const loaded = loadScenarioFile(file, { catalog });
  if (loaded.unusable) throw new Error(`unusable fixture ${file}`);
  return new AccessGraph(loaded.estate, { catalog, ...(context ? { context } : {}) });
}

export const ARN = {
  provider: 'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com',
  ciRunner: 'arn:aws:iam::333333333333:role/ci-runner',
  prodDeploy: 'arn:aws:iam::444444444444:role/deploy',
  analyticsDeploy: 'arn:aws:iam::555555555555:role/deploy',
  legacyAdmin: 'arn:aws:iam::444444444444:role/legacy-admin',
  acmeMonitoring: 'arn:aws:iam::444444444444:role/acme-monitoring',
  vendor: 'arn:aws:iam::999999999999:role/integration',
  auditor: 'arn:aws:iam::222222222222:role/auditor',
  audit: 'arn:aws:iam::444444444444:role/audit',
  etl: 'arn:aws:iam::555555555555:role/etl',
  mlTraining: 'arn:aws:iam::555555555555:role/ml-training',
  developer: 'arn:aws:iam::888888888888:role/developer',
  report: 'arn:aws:s3:::example-prod-data-lake/reports/2026/11/summary.parquet',
  features: 'arn:aws:s3:::example-prod-data-lake/features/users.parquet',
  sandboxBucket: 'arn:aws:s3:::example-sandbox-datasets',
  dataLakeKey: 'arn:aws:kms:us-east-1:444444444444:key/4a4a4a4a-0000-4000-8000-000000000444',
};
