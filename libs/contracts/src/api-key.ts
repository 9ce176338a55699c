import { z } from 'zod';

/** What a key may do: READ (queries, subscriptions, serving) < TRAIN (start and cancel runs) < ADMIN (everything). */
export const API_ROLES = ['READ', 'TRAIN', 'ADMIN'] as const;
export const apiRoleSchema = z.enum(API_ROLES);
export type ApiRole = z.infer<typeof apiRoleSchema>;

/** Whether a key with role `have` may do what needs `need`. */
export const roleAllows = (have: ApiRole, need: ApiRole): boolean => API_ROLES.indexOf(have) >= API_ROLES.indexOf(need);

export const apiKeyNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,79}$/, 'letters, digits, spaces, ".", "_", "-", "(" or ")", starting with a letter or digit, at most 80');

/** An API key as it is listed: never its secret, only the secret's first characters. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: ApiRole;
  /** The secret's first characters, to tell keys apart (`hsic_Ab3xY9`). */
  readonly prefix: string;
  /** Who made it: a key's name, `HSIC_ADMIN_KEY`, `first start`, `cli`. */
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}
