// `tsx --import ./scripts/server-only-off.mjs …`: lets a script (db:migrate, db:seed, the worker) load lib/ modules
// that start with `import "server-only"`. That marker keeps database code out of browser bundles, where Next turns it
// into a build error; a script is server code by definition, so here it resolves to an empty module. (Running scripts
// with the react-server condition instead would also swap React for its server build, which cannot render emails.)
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "server-only") return { url: "data:text/javascript,export {};", shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
