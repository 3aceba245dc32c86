// Zod probes `new Function` when it builds an object schema; the Content-Security-Policy (no 'unsafe-eval') blocks and reports
// that probe, so the editor's bundle turns Zod's compiled fast path off before any schema is built.
import { z } from "zod";

z.config({ jitless: true });
