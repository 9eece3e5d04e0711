/** Where mail goes, and who it comes from. */
export interface MailSettings {
  /** `smtp://` (STARTTLS when the server offers it) or `smtps://` (TLS from the start). */
  smtpUrl: URL;
  /** The sender: `no-reply@example.com`, or `Example <no-reply@example.com>`. */
  from: string;
}

// One address: a local part and a domain with a dot or "localhost", no spaces or brackets.
const ADDRESS = /^[^\s<>@"]+@(?:localhost|[^\s<>@".]+(?:\.[^\s<>@".]+)+)$/;
// A display name before it: printable, no brackets, quotes or line breaks.
const NAMED_ADDRESS = /^([^<>"\r\n]{1,100}) <([^<>]+)>$/;

/**
 * SMTP_URL and MAIL_FROM, checked as the apps start: null when SMTP_URL is not set (no mail
 * is sent). Every problem names its variable; the URL's password is never repeated.
 * @throws {Error} listing every problem, when a setting is malformed.
 */
export function parseMailSettings(
  env: Readonly<Record<string, string | undefined>>,
  defaultFrom: string,
): MailSettings | null {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === "") {
    if (env.MAIL_FROM) throw new Error("MAIL_FROM is set but SMTP_URL is not");
    return null;
  }
  const problems: string[] = [];
  let smtpUrl: URL | null = null;
  try {
    smtpUrl = new URL(raw);
  } catch {
    problems.push("SMTP_URL is not a URL (smtp://user:password@host:587 or smtps://…:465)");
  }
  if (smtpUrl) {
    if (smtpUrl.protocol !== "smtp:" && smtpUrl.protocol !== "smtps:") {
      problems.push(`SMTP_URL must start with smtp:// or smtps://, not ${smtpUrl.protocol}//`);
    }
    if (smtpUrl.hostname === "") problems.push("SMTP_URL has no host");
    if (smtpUrl.pathname !== "" && smtpUrl.pathname !== "/") {
      problems.push("SMTP_URL must not have a path");
    }
  }
  const from = env.MAIL_FROM ?? defaultFrom;
  if (!isSender(from)) {
    problems.push(`MAIL_FROM must be an address or "Name <address>", not ${JSON.stringify(from)}`);
  }
  if (problems.length > 0 || !smtpUrl) throw new Error(problems.join("; "));
  return { smtpUrl, from };
}

function isSender(value: string): boolean {
  const named = NAMED_ADDRESS.exec(value);
  return ADDRESS.test(named?.[2] ?? value);
}
