import { describe, expect, it } from "vitest";
import { readEnkashDate, readEnkashDateTime } from "../../src/shared/enkash-dates.ts";

/**
 * EnKash's dates (src/shared/enkash-dates.ts): Java's default text without a zone, read as India
 * Standard Time (UTC+5:30), or ISO-8601; calendar dates as dd-MM-yyyy or yyyy-MM-dd. Anything that
 * is not a real date reads as null rather than as some other date.
 */
describe("readEnkashDateTime", () => {
  it("reads Java's default form as IST, twelve-hour clock included", () => {
    const read: [string, string][] = [
      // Source 002's createdOn.
      ["Jan 29, 2025 11:57:51 AM", "2025-01-29T06:27:51.000Z"],
      // 12 AM is midnight, 12 PM is noon.
      ["Jan 29, 2025 12:00:00 AM", "2025-01-28T18:30:00.000Z"],
      ["Jan 29, 2025 12:00:00 PM", "2025-01-29T06:30:00.000Z"],
      ["Dec 31, 2025 11:59:59 PM", "2025-12-31T18:29:59.000Z"],
      // One-digit day and hour; early on New Year's Day in India is still the old year in UTC.
      ["Jan 1, 2025 1:05:09 AM", "2024-12-31T19:35:09.000Z"],
      // Newer Java: a comma after the year and a narrow no-break space before AM; or no space.
      ["Jan 29, 2025, 11:57:51\u202fAM", "2025-01-29T06:27:51.000Z"],
      ["Jan 29, 2025 11:57:51AM", "2025-01-29T06:27:51.000Z"],
      [" Jan 29, 2025 11:57:51 AM ", "2025-01-29T06:27:51.000Z"],
      ["Feb 29, 2024 10:00:00 AM", "2024-02-29T04:30:00.000Z"],
    ];
    for (const [text, iso] of read) expect(readEnkashDateTime(text), text).toBe(iso);
  });

  it("reads ISO-8601 with its own zone", () => {
    expect(readEnkashDateTime("2025-01-29T06:27:51Z")).toBe("2025-01-29T06:27:51.000Z");
    expect(readEnkashDateTime("2025-01-29T11:57:51+05:30")).toBe("2025-01-29T06:27:51.000Z");
  });

  it("anything else is null: no rolling over, no guessing", () => {
    for (const text of [
      "Feb 29, 2025 10:00:00 AM",
      "Feb 30, 2025 10:00:00 AM",
      "Jan 29, 2025 13:00:00 PM",
      "Jan 29, 2025 0:00:00 AM",
      "Foo 29, 2025 10:00:00 AM",
      "jan 29, 2025 10:00:00 AM",
      "2025-01-29",
      "2025-13-45T00:00:00Z",
      "29/01/2025 11:57",
      "",
      null,
      undefined,
    ])
      expect(readEnkashDateTime(text), String(text)).toBeNull();
  });
});

describe("readEnkashDate", () => {
  it("reads dd-MM-yyyy (request examples) and yyyy-MM-dd (answers) as yyyy-MM-dd", () => {
    expect(readEnkashDate("14-02-2000")).toBe("2000-02-14");
    expect(readEnkashDate("2000-02-14")).toBe("2000-02-14");
    expect(readEnkashDate("29-02-2024")).toBe("2024-02-29");
  });

  it("anything else is null", () => {
    for (const text of [
      "31-02-2000",
      "2000-02-30",
      "29-02-2023",
      "2000/02/14",
      "14-2-2000",
      "2000-2-14",
      "",
      null,
    ])
      expect(readEnkashDate(text), String(text)).toBeNull();
  });
});
