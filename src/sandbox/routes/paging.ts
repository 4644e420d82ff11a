import { z } from "zod";

/**
 * Paging for list answers. EnKash's pages show none, so the sandbox assumes Spring Data's
 * style (EnKash runs on Spring): zero-based `page`, `size` up to 100, and a page object back.
 */
export const page = {
  page: z.number().int().min(0).max(1_000_000).optional(),
  size: z.number().int().min(1).max(100).optional(),
};

const DEFAULT_PAGE_SIZE = 20;

export function pageOf<T, R>(
  items: readonly T[],
  request: { page?: number | undefined; size?: number | undefined },
  render: (item: T) => R,
) {
  const size = request.size ?? DEFAULT_PAGE_SIZE;
  const number = request.page ?? 0;
  const start = number * size;
  return {
    content: items.slice(start, start + size).map(render),
    page: number,
    size,
    totalElements: items.length,
    totalPages: Math.ceil(items.length / size),
    last: start + size >= items.length,
  };
}
