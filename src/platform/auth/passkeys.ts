import type { Config } from '../config.ts';

/** Loaded on the first passkey operation: its ASN.1 and X.509 stack is ~15 MB of a server's memory at start. */
const webauthn = () => import('@simplewebauthn/server');

/** WebAuthn relying party: the host of MAMORI_PUBLIC_URL; the origin must match exactly. */
function relyingParty(config: Config) {
  const url = new URL(config.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

export interface StoredPasskey {
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
}

const transportsOf = (p: StoredPasskey) => JSON.parse(p.transports || '[]');

export async function registrationOptions(
  config: Config,
  rpName: string,
  user: { id: string; loginId: string; displayName: string },
  existing: StoredPasskey[],
) {
  const { rpID } = relyingParty(config);
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.loginId,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export async function verifyRegistration(config: Config, response: unknown, expectedChallenge: string) {
  const { rpID, origin } = relyingParty(config);
  const { verifyRegistrationResponse } = await webauthn();
  try {
    const result = await verifyRegistrationResponse({
      // biome-ignore lint/suspicious/noExplicitAny: the browser's JSON is checked by the verifier itself
      response: response as any,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    const c = result.registrationInfo.credential;
    return {
      credentialId: c.id,
      publicKey: Buffer.from(c.publicKey).toString('base64url'),
      counter: c.counter,
      transports: c.transports ?? [],
    };
  } catch {
    return null;
  }
}

export async function authenticationOptions(config: Config, passkeys: StoredPasskey[]) {
  const { rpID } = relyingParty(config);
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id, transports: transportsOf(p) })),
    userVerification: 'preferred',
  });
}

export async function verifyAuthentication(
  config: Config,
  response: unknown,
  expectedChallenge: string,
  passkey: StoredPasskey,
) {
  const { rpID, origin } = relyingParty(config);
  const { verifyAuthenticationResponse } = await webauthn();
  try {
    const result = await verifyAuthenticationResponse({
      // biome-ignore lint/suspicious/noExplicitAny: the browser's JSON is checked by the verifier itself
      response: response as any,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: passkey.counter,
        transports: transportsOf(passkey),
      },
    });
    return result.verified ? { newCounter: result.authenticationInfo.newCounter } : null;
  } catch {
    return null;
  }
}
