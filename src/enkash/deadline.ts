/**
 * One call's abort signal: its deadline, and its caller's signal when there is one. Built from an
 * AbortController and a timer that is cleared when the call ends: `AbortSignal.timeout` and
 * `AbortSignal.any` keep weak references and timers alive past the call, and cost a noticeable
 * share of a card screen's CPU (four calls per screen, thousands of screens a minute).
 */
export interface Deadline {
  signal: AbortSignal;
  /** Stops the timer and the link to the caller's signal; call when the call is over. */
  dispose(): void;
}

export function deadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  if (caller?.aborted) {
    controller.abort(caller.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const timer = setTimeout(
    () => controller.abort(new DOMException("The call's deadline passed", "TimeoutError")),
    timeoutMs,
  );
  const onCallerAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}
