// Next's server puts AsyncLocalStorage on globalThis before its request-scope stores load; without it they are inert.
import { AsyncLocalStorage } from "node:async_hooks";

(globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage }).AsyncLocalStorage ??= AsyncLocalStorage;
