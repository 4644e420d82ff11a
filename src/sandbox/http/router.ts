import type { Route } from "./route.ts";

export type RouteMatch =
  | { found: true; route: Route; params: Record<string, string> }
  | { found: false; status: 404 | 405 };

/** Matches method and path against route templates (`/pay/resend/otp/:id`). */
export class Router {
  private readonly compiled: { route: Route; pattern: RegExp; names: string[] }[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split("/")
        .map((segment) => {
          if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(segment.slice(1));
          return "([^/]+)";
        })
        .join("/");
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  match(method: string, pathname: string): RouteMatch {
    let pathKnown = false;
    for (const { route, pattern, names } of this.compiled) {
      const result = pattern.exec(pathname);
      if (!result) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(result[index + 1] ?? "");
      });
      return { found: true, route, params };
    }
    return { found: false, status: pathKnown ? 405 : 404 };
  }
}
