/**
 * EnKash pages lists by (page, size <= 100); GraphQL connections ask for (offset, limit). This
 * picks the cheapest page requests that cover the window: usually one.
 */
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  page: number;
  size: number;
}

/** The page requests covering [offset, offset + limit), and where the window starts in their concatenation. */
export function pagesFor(offset: number, limit: number): { pages: PageRequest[]; skip: number } {
  if (offset + limit <= MAX_PAGE_SIZE) return { pages: [{ page: 0, size: offset + limit }], skip: offset };
  for (let size = limit; size <= MAX_PAGE_SIZE; size++) {
    const page = Math.floor(offset / size);
    if ((offset % size) + limit <= size) return { pages: [{ page, size }], skip: offset % size };
  }
  const first = Math.floor(offset / MAX_PAGE_SIZE);
  const last = Math.floor((offset + limit - 1) / MAX_PAGE_SIZE);
  const pages = Array.from({ length: last - first + 1 }, (_, index) => ({
    page: first + index,
    size: MAX_PAGE_SIZE,
  }));
  return { pages, skip: offset - first * MAX_PAGE_SIZE };
}

/** Fetches a window through `fetchPage`, stopping early at the last page. */
export async function fetchWindow<T>(
  offset: number,
  limit: number,
  fetchPage: (request: PageRequest) => Promise<{ content: T[]; totalElements: number; last: boolean }>,
): Promise<{ items: T[]; total: number }> {
  const { pages, skip } = pagesFor(offset, limit);
  const collected: T[] = [];
  let total = 0;
  for (const request of pages) {
    const result = await fetchPage(request);
    collected.push(...result.content);
    total = result.totalElements;
    if (result.last) break;
  }
  return { items: collected.slice(skip, skip + limit), total };
}
