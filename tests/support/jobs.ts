// Works queued jobs in the test's own process, one at a time, as a worker would: run the handler, then complete or fail.
import { getBoss } from "@/lib/jobs/boss";
import { runJob } from "@/lib/jobs/handlers";
import type { JobData, QueueName } from "@/lib/jobs/queues";

export type WorkedJob = { id: string; data: unknown; ok: boolean; result?: unknown; error?: string };

/** Fetches and works every job of `name` that is ready now (up to `limit`); a throwing handler fails its job, as pg-boss would. */
export async function workJobs<Q extends QueueName>(name: Q, limit = 50): Promise<WorkedJob[]> {
  const boss = getBoss();
  const worked: WorkedJob[] = [];
  while (worked.length < limit) {
    const [job] = await boss.fetch<JobData[Q]>(name, { batchSize: 1 });
    if (!job) break;
    try {
      const result = await runJob(name, job);
      await boss.complete(name, job.id, { result: JSON.parse(JSON.stringify(result ?? null)) });
      worked.push({ id: job.id, data: job.data, ok: true, result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await boss.fail(name, job.id, { message });
      worked.push({ id: job.id, data: job.data, ok: false, error: message });
    }
  }
  return worked;
}

/** Jobs of `name` in any state, newest first. */
export async function jobsOf<Q extends QueueName>(name: Q) {
  return getBoss().findJobs<JobData[Q]>(name);
}
