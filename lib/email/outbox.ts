import "server-only";
import { desc } from "drizzle-orm";
import { getDb } from "../db/client";
import { emailOutbox } from "../db/schema";

export async function listOutbox(limit = 100) {
  return getDb()
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      html: emailOutbox.html,
      headers: emailOutbox.headers,
      tag: emailOutbox.tag,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.id))
    .limit(limit);
}
