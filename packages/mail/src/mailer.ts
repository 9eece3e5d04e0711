import { createTransport } from "nodemailer";

import type { MailSettings } from "./mail-settings.ts";

/** One mail: always plain text, and simple HTML beside it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /**
   * Hands the mail to the SMTP server.
   * @throws {MailUnavailableError} when the server cannot be reached or refuses the mail.
   */
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** The mail server could not take a mail. Its message names the server, never the mail. */
export class MailUnavailableError extends Error {
  override name = "MailUnavailableError";
}

/** Gives up on a server that does not answer; a request waiting for a mail must not hang. */
const TIMEOUT_MS = 10_000;

export function createMailer(settings: MailSettings): Mailer {
  const { smtpUrl } = settings;
  const transport = createTransport({
    host: smtpUrl.hostname,
    port: smtpUrl.port ? Number(smtpUrl.port) : smtpUrl.protocol === "smtps:" ? 465 : 587,
    secure: smtpUrl.protocol === "smtps:",
    ...(smtpUrl.username
      ? {
          auth: {
            user: decodeURIComponent(smtpUrl.username),
            pass: decodeURIComponent(smtpUrl.password),
          },
        }
      : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const server = `${smtpUrl.protocol}//${smtpUrl.host}`;
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from: settings.from, ...mail });
      } catch (error) {
        // The driver's message can quote the server's reply, never the mail or the password.
        const reason = error instanceof Error ? error.message : String(error);
        throw new MailUnavailableError(`${server} did not take the mail: ${reason}`, {
          cause: error,
        });
      }
    },
    close() {
      transport.close();
    },
  };
}
