import { hashApiKeySecret, issueApiKey, newApiKeySecret, secretPrefix } from '@hsic/access';
import { AlreadyExistsError, type Repositories } from '@hsic/persistence';
import type { ApiLogger } from '../observability/api-logger.js';

export const ENV_ADMIN_KEY_NAME = 'admin (HSIC_ADMIN_KEY)';
export const LOCAL_DASHBOARD_KEY_NAME = 'dashboard (npm start)';
const FIRST_ADMIN_KEY_NAME = 'admin';

/**
 * An admin key exists from the first start: HSIC_ADMIN_KEY when set (kept in step at every start), else,
 * when there is no active admin key yet, one made now and printed once (it is stored only as a hash).
 */
export async function ensureAdminKey(repos: Pick<Repositories, 'apiKeys'>, adminSecret: string | undefined, log: ApiLogger): Promise<void> {
  if (adminSecret) {
    await repos.apiKeys.ensure({ name: ENV_ADMIN_KEY_NAME, role: 'ADMIN', secretHash: hashApiKeySecret(adminSecret), prefix: secretPrefix(adminSecret), createdBy: 'HSIC_ADMIN_KEY' });
    log.info(`admin API key from HSIC_ADMIN_KEY is active ('${ENV_ADMIN_KEY_NAME}')`);
    return;
  }
  const admins = (await repos.apiKeys.list()).filter((k) => k.role === 'ADMIN' && k.revokedAt === null && k.name !== LOCAL_DASHBOARD_KEY_NAME);
  if (admins.length > 0) return;
  const names = new Set((await repos.apiKeys.list()).map((k) => k.name));
  let name = FIRST_ADMIN_KEY_NAME;
  for (let i = 2; names.has(name); i++) name = `${FIRST_ADMIN_KEY_NAME} ${i}`;
  let secret: string;
  try {
    ({ secret } = await issueApiKey(repos.apiKeys, { name, role: 'ADMIN', createdBy: 'first start' }));
  } catch (error) {
    // Several API processes starting together on an empty database: one of them made it (and printed it).
    if (error instanceof AlreadyExistsError) return log.info(`another API process made the first admin key '${name}' (see its output)`);
    throw error;
  }
  log.info(
    [
      `no admin API key existed: made '${name}'. Its secret is shown this once (only its hash is stored):`,
      `    ${secret}`,
      '  Send it as "Authorization: Bearer <key>". Make more keys (READ, TRAIN, ADMIN) with the createApiKey mutation',
      '  or `hsic keys create --name NAME --role ROLE`; set HSIC_ADMIN_KEY to choose the admin key yourself (README: Security and limits).',
    ].join('\n'),
  );
}

/**
 * HSIC_ROLE=all: the dashboard child's key, made anew at every start (the previous dashboard process is
 * gone, and with it the only copy of the old secret). Returned to be handed to the child's environment.
 */
export async function issueLocalDashboardKey(repos: Pick<Repositories, 'apiKeys'>): Promise<string> {
  const secret = newApiKeySecret();
  await repos.apiKeys.ensure({ name: LOCAL_DASHBOARD_KEY_NAME, role: 'ADMIN', secretHash: hashApiKeySecret(secret), prefix: secretPrefix(secret), createdBy: 'npm start' });
  return secret;
}
