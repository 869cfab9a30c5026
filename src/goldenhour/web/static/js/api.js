// The API client: the signed-in token lives in this tab's sessionStorage, every error is the
// server's problem+json turned into an ApiError whose message names the field and the problem.

const TOKEN_KEY = "goldenhour.token";
const USER_KEY = "goldenhour.user";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get user() { return JSON.parse(sessionStorage.getItem(USER_KEY) || "null"); },
  save(token, user) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() { sessionStorage.removeItem(TOKEN_KEY); sessionStorage.removeItem(USER_KEY); },
};

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) {
    if (response.status === 401) session.clear();
    throw new ApiError(response.status, data);
  }
  return data;
}

/** Every row of a list route (`{items, count, next_cursor}`), following next_cursor. */
export async function allItems(path) {
  const items = [];
  let cursor = null;
  do {
    const joiner = path.includes("?") ? "&" : "?";
    const page = await api("GET", cursor ? `${path}${joiner}cursor=${cursor}` : path);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export async function signIn(username, password) {
  session.clear();
  const token = await api("POST", "/auth/login", { username, password });
  session.save(token.access_token, { id: token.user_id, username, roles: token.roles });
  return session.user;
}
