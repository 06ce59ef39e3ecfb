import { generateSecret, generateURI, verifySync } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export async function totpEnrolment(secret: string, issuer: string, account: string) {
  const uri = generateURI({ issuer, label: account, secret });
  return { uri, qrDataUrl: await (await import('qrcode')).default.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * Checks a 6-digit code with ±30 s tolerance for clock drift. A code is accepted once: the time step it matched
 * must be later than the last one used (replay protection). Returns the matched time step, or null.
 */
export function checkTotp(secret: string, token: string, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({
    secret,
    token,
    epochTolerance: 30,
    ...(lastStep != null ? { afterTimeStep: lastStep } : {}),
  });
  // The TOTP strategy reports the matched time step; the HOTP variant of the union never occurs here.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
