import type { DatasetName } from './dataset-types.js';

/**
 * The "how do I get it" sentence of not-found errors, kept in one place so the CLI
 * wording and the library wording cannot drift apart.
 */
export function downloadHint(name: DatasetName, dataDir?: string): string {
  const dirFlag = dataDir === undefined ? '' : ` --data-dir ${quoteIfNeeded(dataDir)}`;
  const dirArg = dataDir === undefined ? '' : `, ${JSON.stringify(dataDir)}`;
  return `run \`hsic download ${name}${dirFlag}\`, or call downloadDataset('${name}'${dirArg}) from @hsic/data`;
}

function quoteIfNeeded(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
