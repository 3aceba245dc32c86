// Query plans at size: `npm run bench:explain -- [--queries "attachment,push pull,jelousy"] [--prefixes "a,sec,felt s"]`.
// Prints EXPLAIN (ANALYZE, BUFFERS) of the search and type-ahead queries exactly as the app builds them, and the sizes
// of the tables and indexes they read, on the configured database (DATABASE_URL, else the embedded one). Writes JSON
// to bench-results/explain-<stamp>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { runOnIndexes, searchQuery } from "../../lib/articles/search";
import { suggestionsQuery } from "../../lib/articles/suggest";
import { getDbHandle, rowsOf } from "../../lib/db/client";
import { migrateDatabase } from "../../lib/db/migrate";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i !== -1 ? process.argv[i + 1] : undefined) ?? fallback;
};
const queries = arg("queries", "attachment,relationship partner,push pull,jelousy,secure base,felt security,zzzyx").split(",");
const prefixes = arg("prefixes", "a,se,sec,secu,felt s,jelou").split(",");

const handle = getDbHandle();
await migrateDatabase(handle);
const { db } = handle;
const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from articles`));
console.log(`${n} articles (${handle.kind})\n`);

/** The plan of one query, run as the app runs it (`run`), after one unmeasured run so the plan is a steady-state one. */
async function plan(label: string, query: SQL, run: (q: SQL) => Promise<unknown>) {
  await run(query);
  const rows = rowsOf<Record<string, string>>(await run(sql`explain (analyze, buffers) ${query}`));
  const text = rows.map((r) => Object.values(r)[0]).join("\n");
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
  console.log(`── ${label}: ${ms} ms\n${text}\n`);
  return { label, executionMs: ms, plan: text };
}

const plans = [];
// Search runs on its indexes (runOnIndexes); the type-ahead is a plain query.
for (const q of queries) plans.push(await plan(`search "${q}"`, searchQuery(q), (s) => runOnIndexes(db, s)));
for (const p of prefixes) plans.push(await plan(`type-ahead "${p}"`, suggestionsQuery(p.toLowerCase()), (s) => db.execute(s)));

const sizes = rowsOf<{ name: string; kind: string; size: string; bytes: number }>(
  await db.execute(sql`
    select c.relname as name, case c.relkind when 'i' then 'index' else 'table' end as kind,
           pg_size_pretty(pg_total_relation_size(c.oid)) as size, pg_total_relation_size(c.oid)::bigint as bytes
      from pg_class c join pg_namespace ns on ns.oid = c.relnamespace
     where ns.nspname = 'public' and c.relkind in ('r', 'i')
       and (c.relname like 'article%' or c.relname like 'rendered%' or c.relname like 'revisions%')
     order by pg_total_relation_size(c.oid) desc`),
);
console.log("Sizes (with TOAST and, for tables, their indexes):");
for (const s of sizes) console.log(`  ${s.kind.padEnd(5)} ${s.name.padEnd(40)} ${s.size}`);

const dir = path.join(process.cwd(), "bench-results");
mkdirSync(dir, { recursive: true });
const body = JSON.stringify({ script: "explain", at: new Date().toISOString(), articles: n, database: handle.kind, plans, sizes }, null, 2);
writeFileSync(path.join(dir, `explain-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), body);
writeFileSync(path.join(dir, "explain-latest.json"), body);
await handle.close();
