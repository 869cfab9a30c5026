// The web pages: one HTML entry per page in web/ (web/*.html), built into the Python package,
// where the API serves them (src/goldenhour/web). Adding a page is adding web/NAME.html.
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

const root = resolve(import.meta.dirname, "web");
const pages = Object.fromEntries(
  readdirSync(root).filter((name) => name.endsWith(".html"))
    .map((name) => [name.replace(/\.html$/, ""), resolve(root, name)]),
);

export default defineConfig({
  root,
  base: "/app/",
  build: {
    outDir: resolve(import.meta.dirname, "src/goldenhour/web/dist"),
    emptyOutDir: true,
    rollupOptions: { input: pages },
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0, // no data: URLs, so a strict Content-Security-Policy needs none
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    root: import.meta.dirname,
    include: ["web/test/**/*.test.{ts,tsx}"],
    environment: "jsdom",
  },
});
