// The only reader of process.env among the test helpers. `npm test` starts the database
// and passes its URI down; running a test file alone needs MONGODB_URI set by hand.
export function testMongodbUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    throw new Error(
      "MONGODB_URI is not set: run the tests with `npm test`, which starts a database",
    );
  }
  return uri;
}

/** The apps' mail setting: the tests' Mailpit when `npm test` started one, else none. */
export function testAppMailEnv(): Record<string, string> {
  const smtpUrl = process.env.SMTP_URL;
  return smtpUrl ? { SMTP_URL: smtpUrl } : {};
}

/** The little of the runner's environment that a spawned app server needs to run at all. */
export function baseProcessEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
}

/** The Mailpit `npm test` starts: where mail goes (SMTP_URL) and its inbox (MAILPIT_URL). */
export function testMailpit(): { smtpUrl: string; inboxUrl: string } {
  const smtpUrl = process.env.SMTP_URL;
  const inboxUrl = process.env.MAILPIT_URL;
  if (!smtpUrl || !inboxUrl) {
    throw new Error(
      "SMTP_URL and MAILPIT_URL are not set: run the tests with `npm test`, which starts Mailpit",
    );
  }
  return { smtpUrl, inboxUrl };
}
