// Lint for the web pages' TypeScript (make check).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["src/goldenhour/web/dist/", "src/goldenhour/web/static/", "web/src/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["web/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "smart"],
      "no-restricted-properties": ["error",
        { property: "innerHTML", message: "User text is never HTML: set textContent or use JSX." },
        { property: "outerHTML", message: "User text is never HTML." }],
      "no-restricted-syntax": ["error",
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: "User text is never HTML." }],
    },
  },
);
