import type { ApiKeyInfo, ApiRole } from '@hsic/contracts';
import { apiKeyNameSchema, apiRoleSchema } from '@hsic/contracts';
import type { Db } from '../client/transactions.js';
import { AlreadyExistsError, NotFoundError } from '../errors.js';
import type { ApiKey as ApiKeyRow } from '../generated/prisma/client.js';
import { isUniqueViolation } from './prisma-errors.js';

const toApiKeyInfo = (row: ApiKeyRow): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
});

export interface NewApiKey {
  readonly name: string;
  readonly role: ApiRole;
  /** SHA-256 of the secret (the caller makes the secret and shows it once; it is never stored). */
  readonly secretHash: string;
  /** The secret's first characters, shown in listings. */
  readonly prefix: string;
  readonly createdBy: string;
}

/** API keys: stored by the hash of their secret, revocable, never deleted (their names stay in audit columns). */
export class ApiKeysRepository {
  constructor(private readonly prisma: Db) {}

  async create(input: NewApiKey): Promise<ApiKeyInfo> {
    const name = apiKeyNameSchema.parse(input.name);
    try {
      const row = await this.prisma.apiKey.create({ data: { ...input, name, role: apiRoleSchema.parse(input.role) } });
      return toApiKeyInfo(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AlreadyExistsError('API key', name);
      throw error;
    }
  }

  /**
   * The key named `name` holds this secret (and role) from now on, active: how a key given in the environment
   * (HSIC_ADMIN_KEY) or made for a local dashboard is kept in step at every start.
   */
  async ensure(input: NewApiKey): Promise<ApiKeyInfo> {
    const name = apiKeyNameSchema.parse(input.name);
    const fields = { role: apiRoleSchema.parse(input.role), secretHash: input.secretHash, prefix: input.prefix, revokedAt: null };
    const row = await this.prisma.apiKey.upsert({ where: { name }, create: { ...input, ...fields, name }, update: fields });
    return toApiKeyInfo(row);
  }

  /** The active key with this secret hash. */
  async findActiveByHash(secretHash: string): Promise<ApiKeyInfo | null> {
    const row = await this.prisma.apiKey.findFirst({ where: { secretHash, revokedAt: null } });
    return row ? toApiKeyInfo(row) : null;
  }

  /** Every key, revoked ones too, newest first. */
  async list(): Promise<ApiKeyInfo[]> {
    return (await this.prisma.apiKey.findMany({ orderBy: [{ createdAt: 'desc' }, { name: 'asc' }] })).map(toApiKeyInfo);
  }

  async countActive(role?: ApiRole): Promise<number> {
    return this.prisma.apiKey.count({ where: { revokedAt: null, ...(role ? { role } : {}) } });
  }

  /** By id or name. Revoking twice keeps the first time. */
  async revoke(idOrName: string): Promise<ApiKeyInfo> {
    const row = await this.prisma.apiKey.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] } });
    if (!row) throw new NotFoundError('API key', idOrName);
    if (row.revokedAt) return toApiKeyInfo(row);
    return toApiKeyInfo(await this.prisma.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at } });
  }
}
