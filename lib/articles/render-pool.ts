// Renders untrusted Markdown in worker threads with a time budget, so that no text can stall other requests:
// a render that runs over is stopped (the worker is terminated and replaced) and answered with a plain error.
// Hand-written over node:worker_threads because the worker must be bundled by Next (`new Worker(new URL(…))`),
// which pool libraries that take a file name do not allow.
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { env } from "../env";
import { AppError } from "../errors";
import type { RenderedBody, RenderOptions } from "./render";
import type { RenderReply } from "./render-worker";

type Task = { id: number; markdown: string; options: RenderOptions; budgetMs: number; resolve: (body: RenderedBody) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; ready: boolean; task: Task | null; timer: NodeJS.Timeout | null };

function tooSlow(budgetMs: number): AppError {
  return new AppError(
    "bad_request",
    `This text is too complex to render in time (over ${(budgetMs / 1000).toLocaleString("en")} s): simplify its nested lists, quotes, tables or formatting.`,
  );
}

const resourceLimits = { maxOldGenerationSizeMb: 256, stackSizeMb: 16 };

function startWorker(): Worker {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Inside Next, this exact form makes the bundler build the worker as an entry of its own.
    return new Worker(new URL("./render-worker.ts", import.meta.url), { resourceLimits });
  }
  // Under Vitest and tsx this module is TypeScript on disk, and so is the worker: load it through tsx.
  const file = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), "render-worker.ts")).href;
  return new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`, { eval: true, resourceLimits });
}

class RenderPool {
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  render(markdown: string, budgetMs: number, options: RenderOptions = {}): Promise<RenderedBody> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, markdown, options, budgetMs, resolve, reject });
      while (this.slots.length < this.size && this.slots.every((s) => s.task || !s.ready)) this.spawn();
      this.dispatch();
    });
  }

  private spawn(): void {
    const slot: Slot = { worker: startWorker(), ready: false, task: null, timer: null };
    slot.worker.unref(); // an idle worker never keeps the process alive
    slot.worker.on("message", (message: RenderReply | "ready") => {
      if (message === "ready") {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      this.finish(slot);
      if (message.ok) task.resolve(message.body);
      else task.reject(new AppError("bad_request", `This text cannot be rendered: ${message.message}`));
      this.dispatch();
    });
    slot.worker.on("error", (error) => this.replace(slot, error));
    slot.worker.on("exit", () => this.replace(slot, new Error("The render worker stopped.")));
    this.slots.push(slot);
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  /** A worker that failed or was stopped: its task (if any) is answered, and a fresh worker takes its place when needed. */
  private replace(slot: Slot, error: Error): void {
    if (!this.slots.includes(slot)) return;
    this.slots = this.slots.filter((s) => s !== slot);
    const task = slot.task;
    this.finish(slot);
    void slot.worker.terminate();
    const unavailable = new AppError("unavailable", "The text could not be rendered just now. Please try again.");
    task?.reject(error instanceof AppError ? error : unavailable);
    if (!slot.ready) {
      // A worker that never started will not start on a second try either: answer everyone waiting.
      console.error("The render worker failed to start:", error);
      for (const waiting of this.queue.splice(0)) waiting.reject(unavailable);
      return;
    }
    // Replaced at once, so the next text finds a warm worker instead of waiting for one to start.
    this.spawn();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      // The budget counts from the moment a ready worker starts on the text, not the time spent queued.
      slot.timer = setTimeout(() => this.replace(slot, tooSlow(task.budgetMs)), task.budgetMs);
      slot.worker.postMessage({ id: task.id, markdown: task.markdown, options: task.options });
    }
  }
}

const POOL = Symbol.for("attune.render.pool");

function pool(): RenderPool {
  const g = globalThis as { [POOL]?: RenderPool };
  g[POOL] ??= new RenderPool(Math.max(1, Math.min(2, availableParallelism())));
  return g[POOL];
}

/** Starts the workers ahead of the first preview, so that its budget is not spent waiting for one to boot. */
export function warmRenderPool(): void {
  void pool()
    .render("Warm-up.", 60_000)
    .catch((error: unknown) => console.error("The render workers did not start:", error instanceof Error ? error.message : error));
}

/** Renders a body that nobody has reviewed yet, off the main thread; throws AppError (bad_request) when it is too slow or breaks. */
export function renderUntrusted(markdown: string, budgetMs: number = env().RENDER_BUDGET_MS, options: RenderOptions = {}): Promise<RenderedBody> {
  return pool().render(markdown, budgetMs, options);
}
