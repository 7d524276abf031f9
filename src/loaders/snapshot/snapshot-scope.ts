import type { ServiceCatalog } from '../../core/model/service-catalog.js';
import type { AccountDraft, EstateDraft } from '../estate-draft.js';
import type { DataFolder } from '../files/data-folder.js';

/** What every part of the snapshot loader works with. */
export interface SnapshotScope {
  readonly folder: DataFolder;
  readonly estate: EstateDraft;
  readonly catalog?: ServiceCatalog;
}

/** One account folder, `accounts/<id>`. */
export interface AccountScope extends SnapshotScope {
  readonly accountId: string;
  readonly dir: string;
  readonly draft: AccountDraft;
}
