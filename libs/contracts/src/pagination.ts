import { z } from 'zod';

/** One page of a list, ordered newest first; pass nextCursor back to get the next page (null: no more). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export const pageRequestSchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).optional(),
});
export type PageRequest = z.input<typeof pageRequestSchema>;
