// The repair applications a subject filed from this browser, by number, so that it can follow
// them: the API lists a subject's objections but not its repair applications (only one by its
// number, GET /v1/repairs/:id). Numbers only are kept, in localStorage, per subject reference;
// never a key, never what the application says.
type Store = Pick<Storage, 'getItem' | 'setItem'>;

const storageKey = (ref: string) => `creditchain.repairs.${ref}`;
const MAX_KEPT = 50;

function browserStore(): Store | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked: numbers are then not kept across visits
  }
}

/** The numbers kept for this subject, newest first. */
export function filedRepairs(ref: string, store: Store | undefined = browserStore()): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(store?.getItem(storageKey(ref)) ?? '[]');
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isSafeInteger(n) && n > 0) : [];
}

/** Keeps `id` first in the subject's list; returns the list. */
export function rememberRepair(ref: string, id: number, store: Store | undefined = browserStore()): number[] {
  const list = [id, ...filedRepairs(ref, store).filter((n) => n !== id)].slice(0, MAX_KEPT);
  try {
    store?.setItem(storageKey(ref), JSON.stringify(list));
  } catch {
    // full or blocked: followed for this visit only
  }
  return list;
}
