// Reads the mail the apps sent, through the REST API of the Mailpit that `npm test` starts.
import { testMailpit } from "./env.ts";

export interface ReceivedMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

interface Summary {
  ID: string;
  To: { Address: string }[] | null;
}

interface Message {
  ID: string;
  From: { Address: string; Name: string } | null;
  To: { Address: string }[] | null;
  Subject: string;
  Text: string;
  HTML: string;
}

/** Where the tests' mail goes: the SMTP side of the same Mailpit. */
export function testSmtpUrl(): string {
  return testMailpit().smtpUrl;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${testMailpit().inboxUrl}/api/v1/${path}`);
  if (!response.ok) throw new Error(`Mailpit answered ${String(response.status)} to ${path}`);
  return (await response.json()) as T;
}

/** Every mail sent to `address` so far, newest first (addresses compared case-insensitively). */
export async function mailTo(address: string): Promise<ReceivedMail[]> {
  const wanted = address.toLowerCase();
  const query = encodeURIComponent(`to:"${address}"`);
  const list = await api<{ messages: Summary[] }>(`search?query=${query}&limit=200`);
  const ids = list.messages
    .filter((message) => (message.To ?? []).some((to) => to.Address.toLowerCase() === wanted))
    .map((message) => message.ID);
  return Promise.all(
    ids.map(async (id) => {
      const message = await api<Message>(`message/${encodeURIComponent(id)}`);
      return {
        id: message.ID,
        from: message.From ? `${message.From.Name} <${message.From.Address}>` : "",
        to: (message.To ?? []).map((to) => to.Address),
        subject: message.Subject,
        text: message.Text,
        html: message.HTML,
      };
    }),
  );
}

/**
 * Waits until `address` has received `count` mails (those whose subject matches `subject`,
 * when given; the apps send after they answer), and returns them, newest first; fails
 * after `timeoutMs`.
 */
export async function waitForMail(
  address: string,
  options: { count?: number; subject?: RegExp; timeoutMs?: number } = {},
): Promise<ReceivedMail[]> {
  const { count = 1, subject, timeoutMs = 15_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await mailTo(address);
    const mails = subject ? all.filter((mail) => subject.test(mail.subject)) : all;
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) {
      throw new Error(`${address} received ${String(mails.length)} of ${String(count)} mails`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first link in a mail's text that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const link = mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no link starting with ${prefix} in "${mail.subject}"`);
  return link;
}
