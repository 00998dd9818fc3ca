import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** What a field cipher needs: AES-256 keys by id, the id new values use, and the blind-index key (all base64, 32 bytes). */
export interface FieldCipherKeys {
  keys: Record<string, string>;
  activeKeyId: string;
  hashKey: string;
}

/** The kinds of value that have a blind index; the kind is part of the HMAC input, so equal strings of two kinds differ. */
export type BlindIndexKind = 'ID_NUMBER' | 'PHONE';

/** Raised for any value that does not decrypt: tampered, truncated, unknown key id, wrong key. Never carries the value. */
export class FieldDecryptionError extends Error {
  constructor(why: string) {
    super(`personal data field does not decrypt: ${why}`);
    this.name = 'FieldDecryptionError';
  }
}

export class FieldCipherConfigError extends Error {
  constructor(why: string) {
    super(`personal data keys: ${why}`);
    this.name = 'FieldCipherConfigError';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Per-field encryption of personal data at rest (DESIGN §6): AES-256-GCM with a random 96-bit IV per
 * value. A value is `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url); the key id and version are
 * authenticated as additional data, so a value cannot be moved to another key id. New values use
 * the active key; any configured key decrypts the values that name it (rotation).
 * `blindIndex` is HMAC-SHA256 with a separate key over kind + normalised value, for exact lookup.
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly hashKey: Buffer;
  readonly activeKeyId: string;

  constructor(config: FieldCipherKeys) {
    for (const [id, b64] of Object.entries(config.keys)) {
      if (!KEY_ID.test(id)) throw new FieldCipherConfigError(`key id "${id}" must be 1-32 letters, digits, "-" or "_"`);
      const key = Buffer.from(b64, 'base64');
      if (key.length !== 32) throw new FieldCipherConfigError(`key "${id}" must be 32 bytes (got ${key.length})`);
      this.keys.set(id, key);
    }
    if (!this.keys.has(config.activeKeyId)) throw new FieldCipherConfigError(`active key "${config.activeKeyId}" is not configured`);
    this.activeKeyId = config.activeKeyId;
    this.hashKey = Buffer.from(config.hashKey, 'base64');
    if (this.hashKey.length !== 32) throw new FieldCipherConfigError(`the blind-index key must be 32 bytes (got ${this.hashKey.length})`);
  }

  encrypt(plaintext: string): string {
    const key = this.keys.get(this.activeKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(this.activeKeyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.activeKeyId, b64url(iv), b64url(tag), b64url(ciphertext)].join('.');
  }

  decrypt(value: string): string {
    const parts = value.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new FieldDecryptionError('not a v1 value');
    const [, keyId, ivText, tagText, ctText] = parts;
    if (![ivText, tagText, ctText].every((p) => B64URL.test(p))) throw new FieldDecryptionError('malformed encoding');
    const key = this.keys.get(keyId);
    if (!key) throw new FieldDecryptionError(`unknown key id "${keyId.slice(0, 32)}"`);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    // Re-encoding must give the same text: rejects non-canonical base64url (extra bits in the last character).
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || b64url(iv) !== ivText || b64url(tag) !== tagText) {
      throw new FieldDecryptionError('malformed IV or tag');
    }
    const ciphertext = Buffer.from(ctText, 'base64url');
    if (b64url(ciphertext) !== ctText) throw new FieldDecryptionError('malformed ciphertext');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError('authentication failed');
    }
  }

  /** The key id a stored value was encrypted with (for rotation), or null if it is not a v1 value. */
  keyIdOf(value: string): string | null {
    const parts = value.split('.');
    return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
  }

  encryptOrNull(plaintext: string | null | undefined): string | null {
    return plaintext == null ? null : this.encrypt(plaintext);
  }

  decryptOrNull(value: string | null | undefined): string | null {
    return value == null ? null : this.decrypt(value);
  }

  /** Hex HMAC-SHA256 over kind + normalised value: equal inputs give equal indexes under one hash key. */
  blindIndex(kind: BlindIndexKind, value: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}\u0000${normalizeForIndex(kind, value)}`, 'utf8').digest('hex');
  }

  blindIndexOrNull(kind: BlindIndexKind, value: string | null | undefined): string | null {
    return value == null ? null : this.blindIndex(kind, value);
  }
}

/**
 * The form a value is indexed in, so that the ways people type it find the same row: ID numbers
 * without spaces or dashes, upper case (the check character X); phones as their digits, a mainland
 * mobile without the +86/86/0086 prefix.
 */
export function normalizeForIndex(kind: BlindIndexKind, value: string): string {
  const v = value.normalize('NFKC');
  if (kind === 'ID_NUMBER') return v.replace(/[\s-]/g, '').toUpperCase();
  const digits = v.replace(/\D/g, '');
  const mainland = /^(?:0086|86)(1\d{10})$/.exec(digits);
  return mainland ? mainland[1] : digits;
}

function aad(keyId: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}`, 'utf8');
}

function b64url(b: Buffer): string {
  return b.toString('base64url');
}
