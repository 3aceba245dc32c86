import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** The AppError a call rejects with; fails the test when it rejects with anything else or succeeds. */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError, but the call succeeded");
}
