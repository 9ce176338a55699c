import type { ApiKeyInfo, ApiRole } from '@hsic/contracts';
import { hashApiKeySecret, newApiKeySecret, secretPrefix } from './api-key-secret.js';

/** Where keys are stored (the persistence repository). */
export interface ApiKeyStore {
  create(input: { name: string; role: ApiRole; secretHash: string; prefix: string; createdBy: string }): Promise<ApiKeyInfo>;
}

/** A new key and its secret: the only moment the secret exists outside the caller's hands. */
export async function issueApiKey(store: ApiKeyStore, input: { name: string; role: ApiRole; createdBy: string }): Promise<{ key: ApiKeyInfo; secret: string }> {
  const secret = newApiKeySecret();
  const key = await store.create({ ...input, secretHash: hashApiKeySecret(secret), prefix: secretPrefix(secret) });
  return { key, secret };
}
