import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // No guessing in lib/: a value that may be missing is checked (or narrowed by what a guard returns), never asserted.
  { files: ["lib/**/*.ts", "lib/**/*.tsx"], rules: { "@typescript-eslint/no-non-null-assertion": "error" } },
  { ignores: [".next/**", "node_modules/**", ".node/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "public/**"] },
];

export default config;
