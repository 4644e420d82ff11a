/**
 * One line for a listener that could not bind, naming the setting (or option) that chose the port:
 * what a person needs to fix it, instead of Node's EADDRINUSE stack trace. Null for any other error.
 * Shared by the server's start-up (PORT, SANDBOX_PORT) and `npm run sandbox` (--port).
 */
export function describeBindFailure(setting: string, port: number, error: unknown): string | null {
  switch ((error as { code?: unknown } | null)?.code) {
    case "EADDRINUSE":
      return `${setting} ${port} is already in use; set ${setting} to a free port.`;
    case "EACCES":
      return `${setting} ${port} needs privileges this process lacks; set ${setting} to a port above 1023.`;
    default:
      return null;
  }
}
