/**
 * The sandbox's notion of now. Tests move it forward to expire tokens and OTPs without
 * sleeping; everything time-dependent in the sandbox reads this clock, never Date.now().
 */
export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
