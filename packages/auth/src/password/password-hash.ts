import { hash, parseOptions, verify } from "@node-rs/argon2";

/**
 * OWASP's argon2id minimum (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane.
 * Argon2id is the library's default algorithm (its enum is `const`, which isolated modules
 * cannot import); `needsRehash` and the tests pin it through the PHC string.
 */
export const ARGON2_PARAMETERS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) with a fresh random salt. */
export function hashPassword(normalizedPassword: string): Promise<string> {
  return hash(normalizedPassword, ARGON2_PARAMETERS);
}

/** Whether the password matches the stored PHC string. A malformed hash never matches. */
export async function verifyPassword(phc: string, normalizedPassword: string): Promise<boolean> {
  try {
    return await verify(phc, normalizedPassword);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than today's, and should be redone. */
export function needsRehash(phc: string): boolean {
  try {
    const options = parseOptions(phc);
    return (
      !phc.startsWith("$argon2id$") ||
      options.memoryCost !== ARGON2_PARAMETERS.memoryCost ||
      options.timeCost !== ARGON2_PARAMETERS.timeCost ||
      options.parallelism !== ARGON2_PARAMETERS.parallelism
    );
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as verifying a real password, for a user that does not exist, so
 * that "no such user" takes as long as "wrong password". Always false.
 */
export async function verifyAgainstDummy(normalizedPassword: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, normalizedPassword);
  return false;
}
