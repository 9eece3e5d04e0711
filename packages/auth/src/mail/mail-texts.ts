import type { Mail } from "@monorepo-auth/mail/mailer";

/** A mail's words: plain text, and simple HTML saying the same. */
export type MailText = Omit<Mail, "to">;

const escape = (value: string): string =>
  value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

/** Paragraphs as text and as HTML; `link` becomes a link in the HTML, shown whole in both. */
function compose(subject: string, paragraphs: readonly string[], link?: string): MailText {
  const text = [...paragraphs.slice(0, 1), ...(link ? [link] : []), ...paragraphs.slice(1)];
  const html = [
    ...paragraphs.slice(0, 1).map((paragraph) => `<p>${escape(paragraph)}</p>`),
    ...(link ? [`<p><a href="${escape(link)}">${escape(link)}</a></p>`] : []),
    ...paragraphs.slice(1).map((paragraph) => `<p>${escape(paragraph)}</p>`),
  ];
  return {
    subject,
    text: `${text.join("\n\n")}\n`,
    html: `<!doctype html><html><body>${html.join("")}</body></html>`,
  };
}

/** To a new address: the link that proves it is theirs. */
export function verificationMail(input: { appName: string; link: string; hours: number }) {
  return compose(
    `Verify your email address for ${input.appName}`,
    [
      `Open this link to confirm that this address belongs to your ${input.appName} account. It works once, for ${String(input.hours)} hours:`,
      "You get this mail because the address was added to an account. If it was not you, ignore it: the address will not be used.",
    ],
    input.link,
  );
}

/** To a verified address: the link that sets a new password. */
export function resetMail(input: { appName: string; link: string; minutes: number }) {
  return compose(
    `Reset your ${input.appName} password`,
    [
      `Open this link to choose a new password for your ${input.appName} account. It works once, for ${String(input.minutes)} minutes:`,
      "You get this mail because someone asked to reset the password of the account with this address. If it was not you, ignore it: your password stays as it is.",
    ],
    input.link,
  );
}

/** To the address an account had: it was replaced. */
export function addressChangedMail(input: { appName: string; resetUrl: string }) {
  return compose(`The email address of your ${input.appName} account was changed`, [
    `The email address of your ${input.appName} account was changed from this one to another, by someone who knew the password.`,
    `If it was not you, reset your password at once at ${input.resetUrl} and sign out everywhere from your account page.`,
  ]);
}

/** To the account's address: its password was changed or reset. */
export function passwordChangedMail(input: { appName: string; resetUrl: string }) {
  return compose(`Your ${input.appName} password was changed`, [
    `The password of your ${input.appName} account was changed, and every other session was signed out.`,
    `If it was not you, reset your password at once at ${input.resetUrl}.`,
  ]);
}
