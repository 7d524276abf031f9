import { loadServiceCatalog } from '../../src/catalog/iam-data-catalog.js';
import { loadServedEstate, type ServedEstate } from '../../src/server/served-estate.js';

let example: ServedEstate | undefined;

/** The bundled example estate, loaded once per test file. */
export function servedExample(): ServedEstate {
  if (example) return example;
  const loaded = loadServedEstate('examples/org-estate.yaml', () => {}, loadServiceCatalog());
  if (!loaded.ok) throw new Error(`examples/org-estate.yaml did not load: ${JSON.stringify(loaded.diagnostics)}`);
  example = loaded.served;
  return example;
}

export const MISTAKE_3 = {
  principal: 'arn:aws:sts::555555555555:assumed-role/ml-training/job-7',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::example-prod-data-lake/features/users.parquet',
} as const;
