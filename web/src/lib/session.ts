// Who is signed in on this tab: the token lives in sessionStorage (one tab, one console), under
// the same keys the older pages use, so signing in on one page signs in every page of the tab.

const TOKEN_KEY = "goldenhour.token";
const USER_KEY = "goldenhour.user";

export interface SignedInUser {
  id: number;
  username: string;
  roles: string[];
}

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  get user(): SignedInUser | null {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? (JSON.parse(raw) as SignedInUser) : null;
  },
  save(token: string, user: SignedInUser): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};
