/**
 * Resolves once `check` holds, looking again every `everyMs`: a test waits on a condition, not a
 * clock. The deadline only bounds a test that would otherwise hang; it fails it with a clear error.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
