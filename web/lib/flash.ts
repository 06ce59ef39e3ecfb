/**
 * A one-shot notice carried to the next page (e.g. "ログアウトしました。" on the sign-in page after signing out).
 * Kept outside React state because the page that sets it is unmounted by the navigation it causes.
 */
export type FlashKey = 'signedOut' | 'sessionExpired' | 'loggedOutAll' | 'setupDone';

let pending: { key: FlashKey; text?: string } | null = null;

export function setFlash(key: FlashKey, text?: string) {
  pending = { key, text };
}

export function peekFlash() {
  return pending;
}

export function clearFlash() {
  pending = null;
}
