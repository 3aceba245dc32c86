// Runs once when the server starts: check the configuration, migrate, seed an empty database.
export async function register() {
  // A block, not an early return: the edge build then drops this code (and its process.exit) entirely.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    try {
      await startServer();
    } catch (error) {
      // Next would log this and go on serving nothing; exiting lets a supervisor restart the server.
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
  }
}
