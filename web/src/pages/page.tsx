// What every page does first: sign in, then mount the page's app with a live store.
import { render, type ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { session } from "../lib/session";
import { startClock } from "../lib/clock";
import { SignIn } from "../widgets/SignIn";

export function mountPage(app: () => ComponentChildren, root = document.getElementById("root")): void {
  if (!root) throw new Error("the page has no #root element");
  startClock();
  render(<Gate app={app} />, root);
}

function Gate({ app }: { app: () => ComponentChildren }) {
  const [signedIn, setSignedIn] = useState(session.token !== null);
  return signedIn ? <>{app()}</> : <SignIn onSignedIn={() => setSignedIn(true)} />;
}
