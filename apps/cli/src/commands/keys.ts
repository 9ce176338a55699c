import { issueApiKey } from '@hsic/access';
import { apiRoleSchema } from '@hsic/contracts';
import { createRepositories, databaseOptionsFrom, loadDatabaseEnv, openDatabase } from '@hsic/persistence';
import { UsageError } from '../cli-error.js';

const KEYS_USAGE = 'hsic keys create --name NAME --role READ|TRAIN|ADMIN | hsic keys list | hsic keys revoke NAME_OR_ID';

/**
 * API keys, straight in the database (DATABASE_URL, or the embedded database of $HSIC_DATA_HOME — stop
 * `npm start` first: the embedded database has one owner). A new key's secret is printed once, on stdout alone.
 */
export async function keysCommand(action: string | undefined, args: { readonly name?: string; readonly role?: string; readonly target?: string }): Promise<void> {
  if (action !== 'create' && action !== 'list' && action !== 'revoke') throw new UsageError(KEYS_USAGE);
  if (action === 'create' && !args.name) throw new UsageError(`keys create needs --name\n${KEYS_USAGE}`);
  const role = action === 'create' ? apiRoleSchema.safeParse(args.role) : null;
  if (role && !role.success) throw new UsageError(`--role must be READ, TRAIN or ADMIN, got "${args.role ?? ''}"`);
  if (action === 'revoke' && !args.target) throw new UsageError(`keys revoke needs a key's name or id\n${KEYS_USAGE}`);

  const database = await openDatabase({ ...databaseOptionsFrom(loadDatabaseEnv(process.env)), log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const { apiKeys } = createRepositories(database.prisma);
    if (action === 'create' && role?.success) {
      const { key, secret } = await issueApiKey(apiKeys, { name: args.name!, role: role.data, createdBy: 'cli' });
      process.stderr.write(`made ${key.role} key '${key.name}'; its secret (shown this once, only its hash is stored):\n`);
      process.stdout.write(`${secret}\n`);
    } else if (action === 'list') {
      for (const key of await apiKeys.list()) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : `last used ${key.lastUsedAt?.toISOString() ?? 'never'}`;
        process.stdout.write(`${key.prefix}…  ${key.role.padEnd(5)}  ${key.name}  (by ${key.createdBy}, ${state})\n`);
      }
    } else if (action === 'revoke') {
      const key = await apiKeys.revoke(args.target!);
      process.stdout.write(`revoked '${key.name}' (${key.prefix}…); API processes stop accepting it within 5 s\n`);
    }
  } finally {
    await database.close();
  }
}
