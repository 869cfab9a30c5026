// The web pages: one HTML entry per page in web/ (web/*.html), built into the Python package,
// where the API serves them (src/goldenhour/web). Adding a page is adding web/NAME.html.
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { VitePWA } from "vite-plugin-pwa";
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
  plugins: [
    // The crew's chart app is installable and opens with no connection: a service worker
    // (served at /app/sw.js, beside the files it keeps and names relative to itself, with a
    // Service-Worker-Allowed header so it may control /chart) keeps the built pages.
    VitePWA({
      injectRegister: false,
      filename: "sw.js",
      manifestFilename: "chart.webmanifest",
      includeManifestIcons: false, // the icon is in globPatterns already: listed once
      manifest: {
        name: "GoldenHour charts", short_name: "Charts", id: "/chart", start_url: "/chart",
        scope: "/chart", display: "standalone", theme_color: "#0b5cad", background_color: "#ffffff",
        icons: [{ src: "/app/chart-icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
      },
      workbox: {
        inlineWorkboxRuntime: true,
        globPatterns: ["**/*.{js,css,html,svg}"], // the plugin adds chart.webmanifest itself
        navigateFallback: "/app/chart.html",
        navigateFallbackAllowlist: [/^\/chart/],
        maximumFileSizeToCacheInBytes: 5_000_000,
      },
    }),
  ],
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    root: import.meta.dirname,
    include: ["web/test/**/*.test.{ts,tsx}"],
    environment: "jsdom",
  },
});
