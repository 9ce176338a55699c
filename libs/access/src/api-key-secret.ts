import { createHash, randomBytes } from 'node:crypto';

/** Every secret starts so: a leaked one is recognisable (secret scanners, logs). */
export const SECRET_PREFIX = 'hsic_';
/** 32 random bytes: guessing is out of reach, so a plain SHA-256 (no slow hash) protects the stored form. */
const SECRET_BYTES = 32;
/** Characters of the secret shown in listings (prefix included). */
const SHOWN = 12;

export function newApiKeySecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/** What is stored and looked up: the secret is never kept. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const secretPrefix = (secret: string): string => secret.slice(0, SHOWN);

/** A secret a caller sends must look like one (checked before any lookup). */
export const isWellFormedSecret = (secret: string): boolean => /^hsic_[A-Za-z0-9_-]{20,200}$/.test(secret);

/**
 * The secret in an `Authorization` header: `Bearer <secret>` (the scheme in any case). null when there is no
 * header; the header itself when it is there but not a bearer token (the caller then answers 401).
 */
export function bearerSecret(header: string | string[] | undefined | null): { secret: string | null; malformed: boolean } {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === null || value.trim() === '') return { secret: null, malformed: false };
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
  return match ? { secret: match[1], malformed: false } : { secret: null, malformed: true };
}
