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
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        const user = await signIn(data.get("username"), data.get("password"));
        root.innerHTML = "";
        resolve(user);
      } catch (error) {
        form.querySelector(".error").textContent = error.message;
      }
    });
  });
}
