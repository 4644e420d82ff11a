/**
 * Deterministic pseudo-random numbers (mulberry32). Seed data, generated IDs and injected
 * faults all draw from streams seeded by the sandbox seed, so a run can be repeated exactly.
 */
export class Random {
  private state: number;

  constructor(seed: number, stream = 0) {
    // Mix the stream number in so that independent streams from one seed do not correlate.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return probability > 0 && this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("Random.pick needs a non-empty list");
    return item;
  }

  /** Picks by weight: `[[item, weight], ...]`. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error("Random.weighted needs a non-empty list");
    return last[0];
  }

  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return this.chars("0123456789", length);
  }
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Issues EnKash-shaped IDs (`EKC` + 7 alphanumerics and so on) that never repeat. */
export class IdFactory {
  private readonly issued = new Set<string>();

  constructor(private readonly random: Random) {}

  /** Records an ID that exists already (seeded from the documented examples). */
  reserve(id: string): string {
    this.issued.add(id);
    return id;
  }

  next(prefix: string, length: number): string {
    for (;;) {
      const id = prefix + this.random.chars(ID_ALPHABET, length);
      if (!this.issued.has(id)) return this.reserve(id);
    }
  }
}
