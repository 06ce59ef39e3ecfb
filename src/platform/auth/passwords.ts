import { hash, verify } from '@node-rs/argon2';
import type { Bilingual } from '../errors.ts';

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the login id is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('mamori-timing-equaliser');
  return dummyHash;
}

export const PASSWORD_MIN_LENGTH = 12;

/** Length over composition rules (NIST SP 800-63B); the login id and trivial repeats are refused. */
export function passwordProblem(password: string, loginId: string): Bilingual | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return {
      ja: `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`,
      en: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    };
  }
  if ([...password].length > 256)
    return { ja: 'パスワードは256文字以内にしてください。', en: 'Use at most 256 characters.' };
  if (password.toLowerCase().includes(loginId.toLowerCase())) {
    return { ja: 'パスワードにログインIDを含めないでください。', en: 'The password must not contain the login id.' };
  }
  if (new Set(password).size < 4) {
    return {
      ja: '同じ文字の繰り返しが多すぎます。推測されにくいパスワードにしてください。',
      en: 'Too few distinct characters.',
    };
  }
  return null;
}
