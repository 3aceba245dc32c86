// Enqueueing a job inside the transaction of the change that causes it: it commits with the change or not at all.
import "server-only";
import { sql } from "drizzle-orm";
import { fromDrizzle, type SendOptions } from "pg-boss";
import type { Tx } from "../db/client";
import { getBoss } from "./boss";
import type { JobData, QueueName } from "./queues";

/** Adds a job through the transaction's own connection (on PGlite a second connection would wait for this one forever). */
export async function enqueue<Q extends QueueName>(tx: Tx, name: Q, data: JobData[Q], options: Omit<SendOptions, "db"> = {}): Promise<string | null> {
  return getBoss().send(name, data, { ...options, db: fromDrizzle(tx, sql) });
}
