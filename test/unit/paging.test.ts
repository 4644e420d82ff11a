import { describe, expect, it } from "vitest";
import { fetchWindow, MAX_PAGE_SIZE, type PageRequest, pagesFor } from "../../src/enkash/paging.ts";

/**
 * EnKash pages lists by (page, size <= 100); the graph asks for (offset, limit). pagesFor picks the
 * page requests that cover a window, fetchWindow makes them and cuts the window out.
 */

/** The positions a page request covers in the whole list. */
const positions = ({ page, size }: PageRequest) => Array.from({ length: size }, (_, i) => page * size + i);

/** A list of `length` items in EnKash's paging, recording each page asked for. */
function pagedList(length: number) {
  const list = Array.from({ length }, (_, i) => `item-${i}`);
  const asked: PageRequest[] = [];
  const fetchPage = async (request: PageRequest) => {
    asked.push(request);
    const start = request.page * request.size;
    return {
      content: list.slice(start, start + request.size),
      totalElements: list.length,
      last: start + request.size >= list.length,
    };
  };
  return { list, asked, fetchPage };
}

describe("pagesFor", () => {
  it("a window within the first 100 is one page from the start, the window skipped into", () => {
    expect(pagesFor(0, 20)).toEqual({ pages: [{ page: 0, size: 20 }], skip: 0 });
    expect(pagesFor(30, 20)).toEqual({ pages: [{ page: 0, size: 50 }], skip: 30 });
    expect(pagesFor(0, 100)).toEqual({ pages: [{ page: 0, size: 100 }], skip: 0 });
    expect(pagesFor(99, 1)).toEqual({ pages: [{ page: 0, size: 100 }], skip: 99 });
  });

  it("further on, the smallest page size at which the window falls inside one page", () => {
    // 100..119 is page 5 of size 20.
    expect(pagesFor(100, 20)).toEqual({ pages: [{ page: 5, size: 20 }], skip: 0 });
    // 120..129 is page 12 of size 10.
    expect(pagesFor(120, 10)).toEqual({ pages: [{ page: 12, size: 10 }], skip: 0 });
    // 125..134 straddles pages of 10 to 14; a page of 15 (120..134) holds it.
    expect(pagesFor(125, 10)).toEqual({ pages: [{ page: 8, size: 15 }], skip: 5 });
    // The window of one item anywhere: a page of one.
    expect(pagesFor(4_321, 1)).toEqual({ pages: [{ page: 4_321, size: 1 }], skip: 0 });
  });

  it("two pages of 100 when no single page of at most 100 holds the window", () => {
    // 150..249 (100 items): no page of 100 starts at a multiple of 100 that holds it.
    expect(pagesFor(150, 100)).toEqual({
      pages: [
        { page: 1, size: 100 },
        { page: 2, size: 100 },
      ],
      skip: 50,
    });
    // A connection's page of 100 plus the one extra item it asks for to learn hasNextPage.
    expect(pagesFor(0, 101)).toEqual({
      pages: [
        { page: 0, size: 100 },
        { page: 1, size: 100 },
      ],
      skip: 0,
    });
  });

  it("for every window up to 101 items: pages of at most 100, consecutive, covering exactly the window", () => {
    const wrong: string[] = [];
    for (let offset = 0; offset <= 420; offset++) {
      for (let limit = 1; limit <= MAX_PAGE_SIZE + 1; limit++) {
        const { pages, skip } = pagesFor(offset, limit);
        const covered = pages.flatMap(positions);
        const window = covered.slice(skip, skip + limit);
        const problems = [
          pages.length >= 1 && pages.length <= 2 ? "" : `${pages.length} pages`,
          pages.every((request) => request.size >= 1 && request.size <= MAX_PAGE_SIZE) ? "" : "page size",
          // Consecutive positions: the pages join without gaps or overlaps.
          covered.every((position, i) => i === 0 || position === (covered[i - 1] ?? -1) + 1) ? "" : "gap",
          window.length === limit && window.every((position, i) => position === offset + i) ? "" : "window",
        ].filter(Boolean);
        if (problems.length > 0) wrong.push(`offset ${offset}, limit ${limit}: ${problems.join(", ")}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("one request whenever one page of at most 100 can hold the window", () => {
    const wrong: string[] = [];
    for (let offset = 0; offset <= 420; offset++) {
      for (let limit = 1; limit <= MAX_PAGE_SIZE; limit++) {
        let fits = false;
        for (let size = limit; size <= MAX_PAGE_SIZE && !fits; size++) fits = (offset % size) + limit <= size;
        if ((pagesFor(offset, limit).pages.length === 1) !== fits)
          wrong.push(`offset ${offset}, limit ${limit}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("fetchWindow", () => {
  it("returns exactly the window and EnKash's total, for windows inside, across and past the end", async () => {
    for (const length of [0, 1, 37, 100, 101, 250]) {
      for (const [offset, limit] of [
        [0, 20],
        [30, 20],
        [95, 10],
        [150, 100],
        [0, 101],
        [240, 20],
        [300, 5],
      ] as const) {
        const { list, fetchPage } = pagedList(length);
        const window = await fetchWindow(offset, limit, fetchPage);
        expect(window, `${length} items, offset ${offset}, limit ${limit}`).toEqual({
          items: list.slice(offset, offset + limit),
          total: length,
        });
      }
    }
  });

  it("stops at the last page instead of asking for one that cannot exist", async () => {
    const { list, asked, fetchPage } = pagedList(120);
    // 150..249 would be pages 1 and 2 of 100; page 1 (100..119) is already the last.
    const window = await fetchWindow(150, 100, fetchPage);
    expect(window).toEqual({ items: [], total: 120 });
    expect(asked).toEqual([{ page: 1, size: 100 }]);

    asked.length = 0;
    expect(await fetchWindow(90, 20, fetchPage)).toEqual({ items: list.slice(90, 110), total: 120 });
    expect(asked).toHaveLength(1);
  });

  it("passes a failure of a page on, whatever was fetched before it", async () => {
    const { fetchPage } = pagedList(500);
    const failing = async (request: PageRequest) => {
      if (request.page === 2) throw new Error("EnKash is down");
      return fetchPage(request);
    };
    await expect(fetchWindow(150, 100, failing)).rejects.toThrow("EnKash is down");
  });
});
