// Sign-in: shows a form until the user is signed in, then resolves with the user.

import { session, signIn } from "./api.js";

export function requireSignIn(root) {
  if (session.token) return Promise.resolve(session.user);
  return new Promise((resolve) => {
    root.innerHTML = `
      <form class="signin" aria-label="Sign in">
        <h1>GoldenHour</h1>
        <label>Username <input name="username" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password"
          required></label>
        <button type="submit">Sign in</button>
        <p class="error" role="alert"></p>
      </form>`;
    const form = root.querySelector("form");
    const button = form.querySelector("button");
    // A refused sign-in is answered after a pause (the server's guard against guessing): the
    // button says so meanwhile, and a second press cannot count as a second wrong password.
    const waiting = (busy) => {
      button.disabled = busy;
      button.textContent = busy ? "Signing in…" : "Sign in";
      form.setAttribute("aria-busy", String(busy));
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      waiting(true);
      form.querySelector(".error").textContent = "";
      try {
        const user = await signIn(data.get("username"), data.get("password"));
        root.innerHTML = "";
        resolve(user);
      } catch (error) {
        form.querySelector(".error").textContent = error.message;
        waiting(false);
      }
    });
  });
}
