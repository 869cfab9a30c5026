// The sign-in form a page shows until someone is signed in.
import { useState } from "preact/hooks";
import { signIn } from "../api/client";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [error, setError] = useState("");
  // A refused sign-in is answered after a pause (the server's guard against guessing): the
  // button says so meanwhile, and a second press cannot count as a second wrong password.
  const [busy, setBusy] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      await signIn(String(form.get("username")), String(form.get("password")));
      onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="signin" aria-label="Sign in" aria-busy={busy} onSubmit={submit}>
      <h1>GoldenHour</h1>
      <label>
        Username <input name="username" autocomplete="username" required />
      </label>
      <label>
        Password <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p class="error" role="alert">
        {error}
      </p>
    </form>
  );
}
