/** The admin key lives in sessionStorage only: gone when the tab closes, never in localStorage. */
const STORAGE_KEY = 'switchboard.adminKey';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage disabled: the key lives only as long as the page.
  }
}
