import {
  aliasEventSchema,
  modelAliasSchema,
  modelSchema,
  modelVersionSchema,
  type AliasEvent,
  type Model,
  type ModelAlias,
  type ModelVersion,
} from '@hsic/contracts';
import type { Prisma } from '../generated/prisma/client.js';

export const MODEL_INCLUDE = {
  aliases: { include: { version: { select: { version: true } } } },
  versions: { select: { version: true }, orderBy: { version: 'desc' }, take: 1 },
} as const satisfies Prisma.ModelInclude;

export const toModel = (row: Prisma.ModelGetPayload<{ include: typeof MODEL_INCLUDE }>): Model =>
  modelSchema.parse({
    ...row,
    latestVersion: row.versions[0]?.version ?? null,
    aliases: Object.fromEntries(row.aliases.map((a) => [a.alias, a.version.version])),
  });

export const VERSION_INCLUDE = {
  model: { select: { name: true } },
  aliases: { select: { alias: true }, orderBy: { alias: 'asc' } },
} as const satisfies Prisma.ModelVersionInclude;

export const toModelVersion = (row: Prisma.ModelVersionGetPayload<{ include: typeof VERSION_INCLUDE }>): ModelVersion =>
  modelVersionSchema.parse({ ...row, modelName: row.model.name, aliases: row.aliases.map((a) => a.alias) });

export const ALIAS_INCLUDE = {
  model: { select: { name: true } },
  version: { select: { version: true } },
} as const satisfies Prisma.ModelAliasInclude;

export const toModelAlias = (row: Prisma.ModelAliasGetPayload<{ include: typeof ALIAS_INCLUDE }>): ModelAlias =>
  modelAliasSchema.parse({ ...row, modelName: row.model.name, version: row.version.version });

export const EVENT_INCLUDE = {
  model: { select: { name: true } },
  fromVersion: { select: { version: true } },
  toVersion: { select: { version: true } },
} as const satisfies Prisma.AliasEventInclude;

export const toAliasEvent = (row: Prisma.AliasEventGetPayload<{ include: typeof EVENT_INCLUDE }>): AliasEvent =>
  aliasEventSchema.parse({
    ...row,
    modelName: row.model.name,
    fromVersion: row.fromVersion?.version ?? null,
    toVersion: row.toVersion.version,
  });
