// The crew's chart app: installable, and working with no connection (the service worker keeps
// the page; the outbox keeps the entries).
import "../../styles/base.css";
import "./chart.css";
import { mountPage } from "../page";
import { ChartApp } from "./ChartApp";

if ("serviceWorker" in navigator) {
  void navigator.serviceWorker.register("/app/sw.js", { scope: "/chart" }).catch(() => undefined);
}
mountPage(() => <ChartApp />);
