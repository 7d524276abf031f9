import { createContext, useContext } from 'react';
import type { EstateJson } from './api';

/** The estate is asked once when the page opens; every view reads it from here. */
export const EstateContext = createContext<EstateJson | undefined>(undefined);

export function useEstate(): EstateJson {
  const estate = useContext(EstateContext);
  if (!estate) throw new Error('useEstate outside EstateContext');
  return estate;
}

/** `prod` for 444444444444, when the estate names it. */
const names = new WeakMap<EstateJson, Map<string, string | null>>();

export function accountName(estate: EstateJson, id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  let byId = names.get(estate);
  if (!byId) {
    byId = new Map(estate.inventory.accounts.map((a) => [a.id, a.name]));
    names.set(estate, byId);
  }
  return byId.get(id) ?? undefined;
}

export function accountTitle(estate: EstateJson, id: string | null | undefined): string {
  if (!id) return 'no account';
  const name = accountName(estate, id);
  return name ? `${name} · ${id}` : id;
}
