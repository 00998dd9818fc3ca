import { z } from 'zod';

/** bcrypt reads at most 72 bytes: a longer password would be silently truncated, so it is refused. */
const BCRYPT_MAX_BYTES = 72;

/** A new password: at least 10 characters, at most 72 bytes of UTF-8. */
export const newPasswordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= BCRYPT_MAX_BYTES, `must be at most ${BCRYPT_MAX_BYTES} bytes`);
