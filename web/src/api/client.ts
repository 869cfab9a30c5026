// The typed API client. `paths` and `components` are generated from the API's own OpenAPI
// document when the pages are built (make setup), so a page reading a field the API no longer
// sends does not compile. Every error is the server's problem+json, thrown as an ApiError whose
// message names the field and the problem.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { session } from "../lib/session";

export type Schemas = components["schemas"];

export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; problem: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The problem with one field, for showing beside its input. */
  fieldProblem(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field || e.field.endsWith(`.${field}`))
      ?.problem;
  }
}

const bearer: Middleware = {
  onRequest({ request }) {
    const token = session.token;
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) session.clear();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(bearer);

/** The data of an openapi-fetch answer, or its problem thrown as an ApiError. */
export async function ok<T>(
  answer: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await answer;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as Problem);
  return data as T;
}

/** Sign in; the token is kept for this tab. */
export async function signIn(username: string, password: string): Promise<void> {
  session.clear();
  const token = await ok(api.POST("/api/v1/auth/login", { body: { username, password } }));
  session.save(token.access_token, { id: token.user_id, username, roles: token.roles });
}

export async function signOut(): Promise<void> {
  await api.POST("/api/v1/auth/logout").catch(() => null);
  session.clear();
}

/**
 * GET a route whose answer the OpenAPI document does not describe (or not yet: a page built
 * against a route another branch is adding). Prefer `api.GET` wherever the types exist.
 */
export async function getUntyped<T>(path: string, query: Record<string, string | number> = {}): Promise<T> {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { Accept: "application/json" };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(url, { headers });
  const body = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) throw new ApiError(response.status, body as Problem);
  return body as T;
}

/** One page of a list route: every list answers `{items, count, next_cursor}`. */
export interface Paged<T> {
  items: T[];
  count: number;
  next_cursor?: string | null;
}

/**
 * Every row of a list route, in its order: `page(cursor)` fetches one page, and the pages are
 * followed by `next_cursor` until the last. For the lists a page needs whole (units on the
 * board, facilities on the map); a long log is read a page at a time instead.
 */
export async function allPages<T>(page: (cursor: string | undefined) => Promise<Paged<T>>): Promise<Paged<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const got = await page(cursor);
    items.push(...got.items);
    if (!got.next_cursor) return { items, count: items.length, next_cursor: null };
    cursor = got.next_cursor;
  }
}
