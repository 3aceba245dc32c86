// Prints new secrets for a deployment, once: put them in every instance's environment (the same values for all).
import { randomBytes } from "node:crypto";

console.log("# Attune deployment secrets: the same values on every instance, kept out of the repository.");
console.log(`NEXT_SERVER_ACTIONS_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`);
console.log(`AUTH_SECRET=${randomBytes(32).toString("base64url")}`);
