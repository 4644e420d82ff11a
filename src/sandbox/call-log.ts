/** One call the sandbox answered (or dropped). Bodies are never recorded: they hold card data. */
export interface CallRecord {
  seq: number;
  route: string;
  method: string;
  path: string;
  /** HTTP status sent, or 0 when no response was sent (hang, reset, lost response). */
  status: number;
  durationMs: number;
  /** The latency injected before answering (0 when none): what was asked for, not a clock reading. */
  delayMs: number;
  /** The injected fault, if any. */
  fault: string | null;
  /** The W3C `traceparent` header the caller sent (trace and span IDs, no data), or null. */
  traceparent: string | null;
  at: number;
}

export interface CallSummary {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byFault: Record<string, number>;
}

/**
 * The sandbox's record of calls, readable in process and at `/__sandbox/calls`. Counters cover
 * every call; the list keeps the newest `capacity` records so long soak runs stay bounded.
 */
export class CallLog {
  private records: CallRecord[] = [];
  private summary: CallSummary = emptySummary();
  private seq = 0;

  constructor(private readonly capacity = 10_000) {}

  add(record: Omit<CallRecord, "seq">): void {
    const full = { ...record, seq: ++this.seq };
    this.records.push(full);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    this.summary.total++;
    bump(this.summary.byRoute, record.route);
    bump(this.summary.byStatus, String(record.status));
    if (record.fault) bump(this.summary.byFault, record.fault);
  }

  /** The kept records, oldest first. */
  entries(): readonly CallRecord[] {
    return this.records;
  }

  /** Calls to a route (all calls without one). */
  count(route?: string): number {
    return route === undefined ? this.summary.total : (this.summary.byRoute[route] ?? 0);
  }

  totals(): CallSummary {
    return structuredClone(this.summary);
  }

  clear(): void {
    this.records = [];
    this.summary = emptySummary();
  }
}

function emptySummary(): CallSummary {
  return { total: 0, byRoute: {}, byStatus: {}, byFault: {} };
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}
