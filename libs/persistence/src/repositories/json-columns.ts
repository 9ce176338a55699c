import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.js';

/** Values we write to Json columns are plain JSON data (validated upstream); Prisma wants its own type. */
export const toJsonColumn = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;

/**
 * Reads a Json column through the contract schema, so callers get typed data; a row that does not match was
 * written by something that bypassed the repositories, and is reported as such.
 */
export function fromJsonColumn<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`stored ${where} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}
